import com.stripe.net.Webhook;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import social.upkeep.shared.SecretBox;

/**
 * Webhook intake under load: {@code clients} closed-loop senders post signed Stripe events to the running app
 * for {@code seconds}; then the same number of JDBC connections insert and commit one event row at a time into
 * the same database (the raw PostgreSQL ceiling). Prints events per second, latency percentiles and the ratio.
 * With several comma-separated base URLs (nodes of a cluster on that database), it then sends the same load round
 * robin over all of them and compares with the first node alone, measured in the same run.
 *   java -cp <app classes and dependencies> bench/WebhookLoad.java <base[,base2]> <jdbc-url> <master-key> <clients> <seconds> [warm-up]
 */
public class WebhookLoad {

    static final String SECRET = "whsec_BenchmarkSigningSecret0000000000";
    static final AtomicLong SEQUENCE = new AtomicLong();
    /** Events signed ahead per second of each phase: more than the app takes, so no phase runs dry. */
    static final int PER_SECOND = 10_000;

    public static void main(String[] args) throws Exception {
        String[] nodes = args[0].split(",");
        String base = nodes[0];
        String jdbc = args[1];
        SecretBox box = new SecretBox(Base64.getDecoder().decode(args[2]));
        int clients = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        int warmUp = args.length > 5 ? Integer.parseInt(args[5]) : 30;
        long server = seed(jdbc, box);
        String template = new String(WebhookLoad.class.getResourceAsStream("event.json") == null
                ? java.nio.file.Files.readAllBytes(java.nio.file.Path.of("bench/event.json"))
                : new byte[0]);

        // A cold JVM spends its first half minute compiling: the app's JIT threads then take most of the CPU.
        System.out.printf("clients %d, %d s each phase (after %d s warm-up)%n", clients, seconds, warmUp);
        sign(template, PER_SECOND * warmUp);
        run("warm-up", clients, warmUp, () -> deliver(base, server, template));
        SIGNED.clear();
        sign(template, PER_SECOND * seconds);
        Result intake = run("webhook intake", clients, seconds, () -> deliver(base, server, template));
        Result cluster = null;
        Result again = null;
        if (nodes.length > 1) {
            // One node, all nodes, one node again: the database grows and checkpoints as the run goes on, so the
            // cluster is compared with the mean of the phases before and after it.
            sign(template, PER_SECOND * (warmUp + seconds));
            AtomicLong turn = new AtomicLong();
            Call roundRobin = () -> deliver(nodes[(int) (turn.getAndIncrement() % nodes.length)], server, template);
            run("warm-up, all nodes", clients, warmUp, roundRobin);
            cluster = run("intake, " + nodes.length + " nodes", clients, seconds, roundRobin);
            SIGNED.clear();
            sign(template, PER_SECOND * seconds);
            again = run("intake, 1 node again", clients, seconds, () -> deliver(base, server, template));
        }
        Result raw = runRaw(jdbc, clients, seconds);
        System.out.println(intake);
        if (cluster != null) {
            System.out.println(cluster);
            System.out.println(again);
            double gain = cluster.perSecond() / ((intake.perSecond() + again.perSecond()) / 2);
            System.out.printf("ratio %d nodes / 1 node (mean of before and after): %.2f (target: does not fall below 0.9 on a shared machine: %s)%n",
                    nodes.length, gain, gain >= 0.9 ? "met" : "NOT met");
        }
        System.out.println(raw);
        double ratio = intake.perSecond() / raw.perSecond();
        System.out.printf("ratio intake / raw PostgreSQL: %.2f (target >= 0.5: %s)%n", ratio, ratio >= 0.5 ? "met" : "NOT met");
        System.out.printf("intake >= 1,500 events/s: %s; p99 < 50 ms: %s%n", intake.perSecond() >= 1500 ? "met" : "NOT met",
                intake.p(0.99) < 50 ? "met" : "NOT met");
    }

    /** A server with a Stripe test account whose webhook secret is known; the app opens it with the same key. */
    static long seed(String jdbc, SecretBox box) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "")) {
            var insert = c.prepareStatement("""
                    INSERT INTO instance (host, display_name, reporting_currency, time_zone, founded_on, created_at)
                    VALUES ('hooks.bench.example', 'Webhook bench', 'EUR', 'Europe/Berlin', '2024-01-01', now())
                    RETURNING id""");
            var rs = insert.executeQuery();
            rs.next();
            long id = rs.getLong(1);
            var account = c.prepareStatement("""
                    INSERT INTO stripe_account (instance_id, secret_key_sealed, webhook_secret_sealed, livemode, updated_at)
                    VALUES (?, ?, ?, false, now())""");
            account.setLong(1, id);
            account.setString(2, box.seal("sk_test_BenchmarkKey000000000000", "instance:" + id + ":stripe-secret-key"));
            account.setString(3, box.seal(SECRET, "instance:" + id + ":stripe-webhook-secret"));
            account.executeUpdate();
            c.createStatement().execute("""
                    CREATE TABLE IF NOT EXISTS bench_raw_event (LIKE stripe_event INCLUDING DEFAULTS INCLUDING CONSTRAINTS
                        INCLUDING INDEXES)""");
            return id;
        }
    }

    /** A blocking client with kept-alive connections: the lightest load generator at hand, so the app gets the CPU. */
    static final CloseableHttpClient HTTP = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().setMaxConnPerRoute(64)
                    .setMaxConnTotal(64).build())
            .build();

    /** Stripe signs on its own machines: payloads and signatures are made before the clock starts. */
    static final java.util.concurrent.ConcurrentLinkedQueue<String[]> SIGNED = new java.util.concurrent.ConcurrentLinkedQueue<>();

    static void sign(String template, int count) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        for (int i = 0; i < count; i++) {
            String payload = template.replace("@EVENT_ID@", "evt_bench_" + SEQUENCE.incrementAndGet())
                    .replace("@CREATED@", String.valueOf(now));
            SIGNED.add(new String[] {payload, Webhook.Signature.generateSignatureHeader(payload, SECRET, now)});
        }
    }

    static void deliver(String base, long server, String template) throws Exception {
        String[] signed = SIGNED.poll();
        if (signed == null) {
            throw new IllegalStateException("Not enough signed events prepared");
        }
        var post = new HttpPost(base + "/stripe/webhook/" + server);
        post.setHeader("Stripe-Signature", signed[1]);
        post.setEntity(new StringEntity(signed[0], ContentType.APPLICATION_JSON));
        int status = HTTP.execute(post, response -> {
            EntityUtils.consume(response.getEntity());
            return response.getCode();
        });
        if (status != 200) {
            throw new IllegalStateException("HTTP " + status);
        }
    }

    interface Call {
        void run() throws Exception;
    }

    record Result(String name, long count, double seconds, long[] nanos) {
        double perSecond() {
            return count / seconds;
        }

        double p(double q) {
            return nanos[Math.min(nanos.length - 1, (int) (q * nanos.length))] / 1e6;
        }

        @Override
        public String toString() {
            return String.format("%-16s %7.0f per s   p50 %6.2f ms   p95 %6.2f ms   p99 %6.2f ms   (%d)", name,
                    perSecond(), p(0.50), p(0.95), p(0.99), count);
        }
    }

    static Result run(String name, int clients, int seconds, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<long[]>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            futures.add(pool.submit(() -> {
                long[] times = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    long t = System.nanoTime();
                    call.run();
                    if (n == times.length) {
                        times = Arrays.copyOf(times, n * 2);
                    }
                    times[n++] = System.nanoTime() - t;
                }
                return Arrays.copyOf(times, n);
            }));
        }
        long[] all = new long[0];
        for (var future : futures) {
            long[] part = future.get();
            long[] merged = Arrays.copyOf(all, all.length + part.length);
            System.arraycopy(part, 0, merged, all.length, part.length);
            all = merged;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Arrays.sort(all);
        return new Result(name, all.length, elapsed, all);
    }

    /** Each client its own connection, inserting and committing one event-sized row at a time. */
    static Result runRaw(String jdbc, int clients, int seconds) throws Exception {
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            connections.add(DriverManager.getConnection(jdbc, "postgres", ""));
        }
        String payload = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("bench/event.json")));
        ThreadLocal<PreparedStatement> statements = new ThreadLocal<>();
        AtomicLong next = new AtomicLong();
        Result result = run("raw PostgreSQL", clients, seconds, () -> {
            if (statements.get() == null) {
                Connection c = connections.get((int) (next.getAndIncrement() % clients));
                statements.set(c.prepareStatement("""
                        INSERT INTO bench_raw_event (instance_id, event_id, type, api_version, livemode, stripe_created,
                            payload, received_at, next_attempt_at)
                        VALUES (1, ?, 'checkout.session.completed', '2026-07-29.dahlia', false, now(), ?, now(), now())
                        ON CONFLICT DO NOTHING"""));
            }
            PreparedStatement insert = statements.get();
            insert.setString(1, "evt_raw_" + SEQUENCE.incrementAndGet());
            insert.setString(2, payload);
            insert.executeUpdate();
        });
        for (Connection c : connections) {
            c.close();
        }
        return result;
    }
}
