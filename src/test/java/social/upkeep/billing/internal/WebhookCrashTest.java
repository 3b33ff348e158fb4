package social.upkeep.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;
import social.upkeep.support.MutableClock;
import social.upkeep.support.NodeProcess;
import social.upkeep.support.Servers;
import social.upkeep.support.StripeStubs;
import social.upkeep.support.StripeWorld;
import social.upkeep.support.StripeWorld.Delivery;
import social.upkeep.support.UpkeepTest;

/**
 * A real second Upkeep process takes a burst of webhook deliveries and is killed with SIGKILL in the middle of
 * it; a new process starts, Stripe redelivers what was never acknowledged, and in the end every event is stored
 * once and applied once: nothing lost, nothing booked twice.
 */
@UpkeepTest
class WebhookCrashTest {

    static final int DONATIONS = 120;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Instances instances;

    @Autowired
    StripeAccounts accounts;

    @Autowired
    Checkouts checkouts;

    @Autowired
    Supporters supporters;

    @Autowired
    MutableClock clock;

    @Value("${upkeep.db.url}")
    String databaseUrl;

    Instance server;
    NodeProcess app;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        StripeStubs.register(registry);
    }

    @BeforeEach
    void setUp() {
        StripeStubs.reset("eur");
        server = Servers.create(instances, "example.social", "EUR");
        accounts.saveKeys(server.id(), StripeStubs.SECRET_KEY, StripeStubs.WEBHOOK_SECRET);
    }

    @AfterEach
    void stopApp() throws InterruptedException {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aKilledProcessLosesNoEventAndBooksNoneTwice() throws Exception {
        StripeWorld stripe = new StripeWorld(server.id(), clock, "EUR");
        long total = 0;
        for (int i = 0; i < DONATIONS; i++) {
            Supporter supporter = supporters.signedInWithEmail("giver" + i + "@example.org");
            long amount = 500 + i;
            long checkout = StripeEvents.checkout(checkouts, jdbc, server, supporter, null, Checkouts.Frequency.ONCE,
                    amount);
            stripe.donate(checkout, amount);
            total += amount;
        }
        List<Delivery> burst = stripe.take();

        int port = NodeProcess.freePort();
        app = start(port, "first");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger answered = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        for (Delivery delivery : burst) {
            senders.submit(() -> {
                if (deliver(port, delivery) == 200) {
                    acknowledged.add(delivery.eventId());
                }
                // Kill the process once a third of the burst is in, while the rest is still arriving.
                if (answered.incrementAndGet() == burst.size() / 3) {
                    app.kill();
                }
                return null;
            });
        }
        senders.shutdown();
        assertThat(senders.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        int storedAtCrash = count("SELECT count(*) FROM stripe_event");
        int appliedAtCrash = count("SELECT count(*) FROM stripe_event WHERE status = 'APPLIED'");
        assertThat(acknowledged).as("some deliveries were acknowledged before the kill").isNotEmpty();
        assertThat(acknowledged.size()).as("the kill came in the middle of the burst").isLessThan(burst.size());
        assertThat(storedAtCrash).isGreaterThanOrEqualTo(acknowledged.size());
        assertThat(appliedAtCrash).isLessThan(burst.size());

        app = start(port, "second");
        List<Delivery> redeliveries = new ArrayList<>(burst.stream()
                .filter(delivery -> !acknowledged.contains(delivery.eventId())).toList());
        Collections.shuffle(redeliveries);
        for (Delivery delivery : redeliveries) {
            assertThat(deliver(port, delivery)).isEqualTo(200);
        }
        StripeEvents.awaitAllApplied(jdbc, burst.size());

        assertThat(count("SELECT count(*) FROM stripe_event")).isEqualTo(burst.size());
        // A charge applied before its checkout is ignored; the checkout then books it (see EventApplier).
        assertThat(count("""
                SELECT count(*) FROM stripe_event WHERE status <> 'APPLIED'
                    AND NOT (status = 'IGNORED' AND type = 'charge.succeeded')""")).isZero();
        assertThat(count("SELECT count(*) FROM ledger_entry WHERE kind = 'INCOME'")).isEqualTo(DONATIONS);
        assertThat(count("SELECT count(*) FROM ledger_entry WHERE kind = 'PROCESSOR_FEE'")).isEqualTo(DONATIONS);
        assertThat(jdbc.sql("SELECT sum(amount_minor) FROM ledger_entry WHERE kind = 'INCOME'").query(Long.class)
                .single()).isEqualTo(total);
        assertThat(count("SELECT count(*) FROM payment")).isEqualTo(DONATIONS);
        assertThat(count("SELECT count(*) FROM checkout WHERE status = 'COMPLETED'")).isEqualTo(DONATIONS);
    }


    private int deliver(int port, Delivery delivery) {
        String signature = StripeStubs.sign(delivery.payload(), StripeStubs.WEBHOOK_SECRET,
                Instant.now().getEpochSecond());
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stripe/webhook/"
                                    + server.id()))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json").header("Stripe-Signature", signature)
                            .POST(HttpRequest.BodyPublishers.ofString(delivery.payload())).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Upkeep in a JVM of its own on the test's database, applying events as it would in production. */
    private NodeProcess start(int port, String name) throws Exception {
        return NodeProcess.start("crash-test-" + name, databaseUrl, List.of(
                "upkeep.stripe.api-base=http://127.0.0.1:" + StripeStubs.wiremock().port(),
                "upkeep.stripe.max-network-retries=0", "upkeep.stripe.worker-poll=100ms",
                "upkeep.stripe.worker-lease=3s"), Map.of(), port);
    }

    private int count(String sql) {
        return jdbc.sql(sql).query(Integer.class).single();
    }
}
