import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import social.upkeep.shared.SecretBox;
import social.upkeep.support.MutableClock;
import social.upkeep.support.StripeStubs;
import social.upkeep.support.StripeWorld;

/**
 * Event processing throughput: the app (its jar, on a fresh embedded database) applies stored Stripe events with
 * its worker while WireMock plays Stripe (the tests' StripeWorld makes the objects). Each round stores the events
 * of {@code donations} one-time gifts (2 events each: checkout completed, charge succeeded) at once and times
 * until every one is applied. Prints events per second per round, the median, and Stripe calls per event.
 *   java -cp <test classes, app classes, test dependencies> bench/EventProcessing.java <jar> <donations> <rounds> <threads>
 */
public class EventProcessing {

    public static void main(String[] args) throws Exception {
        String jar = args[0];
        int donations = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        StripeStubs.reset("eur");
        String key = Base64.getEncoder().encodeToString(new java.security.SecureRandom().generateSeed(32));
        Path data = Files.createTempDirectory("upkeep-processing");
        File log = data.resolve("app.log").toFile();
        int port = 18084;
        var builder = new ProcessBuilder("java", "-Xmx1g", "-jar", jar, "--server.port=" + port,
                "--upkeep.stripe.api-base=http://127.0.0.1:" + StripeStubs.wiremock().port(),
                "--upkeep.stripe.max-network-retries=0", "--upkeep.stripe.worker-poll=50ms",
                "--upkeep.stripe.worker-threads=" + threads)
                .redirectErrorStream(true).redirectOutput(log);
        builder.environment().put("UPKEEP_SECRET_KEY", key);
        builder.environment().put("UPKEEP_DATA_DIR", data.resolve("data").toString());
        Process app = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(app::destroyForcibly));
        try {
            awaitReady(port, app, log);
            Matcher pg = Pattern.compile("embedded PostgreSQL 17 on localhost:(\\d+)").matcher(Files.readString(log.toPath()));
            if (!pg.find()) {
                throw new IllegalStateException("No embedded PostgreSQL port in " + log);
            }
            String jdbc = "jdbc:postgresql://localhost:" + pg.group(1) + "/postgres";
            run(jdbc, new SecretBox(Base64.getDecoder().decode(key)), donations, rounds, threads);
        } finally {
            app.destroyForcibly();
            app.waitFor();
        }
        System.exit(0); // WireMock's threads would keep the JVM alive
    }

    static void run(String jdbc, SecretBox box, int donations, int rounds, int threads) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "")) {
            long server = seed(c, box);
            MutableClock clock = new MutableClock(Instant.now());
            StripeWorld stripe = new StripeWorld(server, clock, "EUR");
            List<Double> perSecond = new ArrayList<>();
            System.out.printf("%d one-time gifts per round (%d events), %d rounds, first is warm-up%n", donations,
                    donations * 2, rounds);
            for (int round = 0; round <= rounds; round++) {
                for (int i = 0; i < donations; i++) {
                    stripe.donate(checkout(c, server, 500 + i), 500 + i);
                }
                List<StripeWorld.Delivery> events = stripe.take();
                int calls = StripeStubs.wiremock().getAllServeEvents().size();
                long start = System.nanoTime();
                store(c, server, events);
                awaitApplied(c, server, events.size() * (round + 1));
                double seconds = (System.nanoTime() - start) / 1e9;
                int made = StripeStubs.wiremock().getAllServeEvents().size() - calls;
                StripeStubs.wiremock().resetRequests();
                double rate = events.size() / seconds;
                System.out.printf("%s: %d events applied in %.1f s: %.0f events/s, %.1f Stripe calls per event%n",
                        round == 0 ? "warm-up" : "round " + round, events.size(), seconds, rate,
                        (double) made / events.size());
                if (round > 0) {
                    perSecond.add(rate);
                }
            }
            Collections.sort(perSecond);
            System.out.printf("median: %.0f events/s applied by %d worker threads%n", perSecond.get(perSecond.size() / 2),
                    threads);
            var booked = c.createStatement().executeQuery(
                    "SELECT count(*) FILTER (WHERE kind = 'INCOME'), count(*) FROM ledger_entry");
            booked.next();
            System.out.printf("ledger: %d incomes, %d entries for %d gifts%n", booked.getLong(1), booked.getLong(2),
                    donations * (rounds + 1));
        }
    }

    static long seed(Connection c, SecretBox box) throws Exception {
        var rs = c.createStatement().executeQuery("""
                INSERT INTO instance (host, display_name, reporting_currency, time_zone, founded_on, created_at)
                VALUES ('processing.bench.example', 'Processing bench', 'EUR', 'Europe/Berlin', '2024-01-01', now())
                RETURNING id""");
        rs.next();
        long id = rs.getLong(1);
        var account = c.prepareStatement("""
                INSERT INTO stripe_account (instance_id, secret_key_sealed, webhook_secret_sealed, livemode, updated_at)
                VALUES (?, ?, ?, false, now())""");
        account.setLong(1, id);
        account.setString(2, box.seal(StripeStubs.SECRET_KEY, "instance:" + id + ":stripe-secret-key"));
        account.setString(3, box.seal(StripeStubs.WEBHOOK_SECRET, "instance:" + id + ":stripe-webhook-secret"));
        account.executeUpdate();
        return id;
    }

    static long checkout(Connection c, long server, long amount) throws Exception {
        var supporter = c.createStatement().executeQuery("""
                INSERT INTO supporter (email, created_at, last_signed_in_at)
                VALUES ('giver-' || gen_random_uuid() || '@bench.example', now(), now()) RETURNING id""");
        supporter.next();
        var insert = c.prepareStatement("""
                INSERT INTO checkout (instance_id, supporter_id, frequency, amount_minor, currency, created_at, expires_at)
                VALUES (?, ?, 'ONCE', ?, 'EUR', now(), now() + interval '23 hours') RETURNING id""");
        insert.setLong(1, server);
        insert.setLong(2, supporter.getLong(1));
        insert.setLong(3, amount);
        var rs = insert.executeQuery();
        rs.next();
        return rs.getLong(1);
    }

    static void store(Connection c, long server, List<StripeWorld.Delivery> events) throws Exception {
        var insert = c.prepareStatement("""
                INSERT INTO stripe_event (instance_id, event_id, type, api_version, livemode, stripe_created, payload,
                    received_at, next_attempt_at)
                VALUES (?, ?, ?, NULL, false, ?, ?, now(), now())""");
        for (var event : events) {
            insert.setLong(1, server);
            insert.setString(2, event.eventId());
            insert.setString(3, event.type());
            insert.setTimestamp(4, Timestamp.from(Instant.ofEpochSecond(event.created())));
            insert.setString(5, event.payload());
            insert.addBatch();
        }
        insert.executeBatch();
    }

    static void awaitApplied(Connection c, long server, int total) throws Exception {
        var count = c.prepareStatement("SELECT count(*) FROM stripe_event WHERE instance_id = ? AND status <> 'PENDING'");
        count.setLong(1, server);
        while (true) {
            var rs = count.executeQuery();
            rs.next();
            if (rs.getInt(1) >= total) {
                return;
            }
            Thread.sleep(20);
        }
    }

    static void awaitReady(int port, Process app, File log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 600; i++) {
            if (!app.isAlive()) {
                throw new IllegalStateException("The app stopped; see " + log);
            }
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());
                if (response.body().contains("UP")) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("The app did not become ready; see " + log);
    }
}
