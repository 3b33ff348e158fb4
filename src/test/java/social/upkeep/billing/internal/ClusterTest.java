package social.upkeep.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.file.Files;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.upkeep.expense.ExpenseDetails;
import social.upkeep.expense.Expenses;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.notification.internal.MailDelivery;
import social.upkeep.shared.Money;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;
import social.upkeep.support.Browser;
import social.upkeep.support.MutableClock;
import social.upkeep.support.NodeProcess;
import social.upkeep.support.RoundRobinProxy;
import social.upkeep.support.Servers;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.StripeStubs;
import social.upkeep.support.StripeWorld;
import social.upkeep.support.StripeWorld.Delivery;
import social.upkeep.support.UpkeepTest;

/**
 * Two Upkeep nodes in JVMs of their own on the test's database, behind a round-robin proxy, as a cluster runs
 * behind its load balancer (the test's own node is a third, with its event worker off). Stripe delivers through
 * the proxy and one node is killed in the middle; the operator keeps working while requests alternate and one
 * node dies; a change reaches the other node's public page within a second; the metrics show what waits.
 */
@UpkeepTest
class ClusterTest {

    static final int DONATIONS = 250; // two events each: 500 deliveries
    static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(UpkeepTest.SMTP_PORT, null, "smtp"));

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

    @Autowired
    MailDelivery mail;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    Expenses expenses;

    @Value("${upkeep.db.url}")
    String databaseUrl;

    Instance server;
    final List<NodeProcess> nodes = new ArrayList<>();
    RoundRobinProxy proxy;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        StripeStubs.register(registry);
    }

    @BeforeEach
    void setUp() throws Exception {
        StripeStubs.reset("eur");
        server = Servers.create(instances, "example.social", "EUR");
        accounts.saveKeys(server.id(), StripeStubs.SECRET_KEY, StripeStubs.WEBHOOK_SECRET);
        List<String> settings = List.of("upkeep.stripe.api-base=http://127.0.0.1:" + StripeStubs.wiremock().port(),
                "upkeep.stripe.max-network-retries=0", "upkeep.stripe.worker-poll=100ms",
                "upkeep.stripe.worker-lease=3s", "upkeep.smtp.host=localhost",
                "upkeep.smtp.port=" + UpkeepTest.SMTP_PORT, "upkeep.smtp.starttls=false",
                "upkeep.metrics.token=" + UpkeepTest.METRICS_TOKEN);
        ExecutorService starting = Executors.newFixedThreadPool(2);
        List<Future<NodeProcess>> started = List.of(
                starting.submit(() -> NodeProcess.start("cluster-1", databaseUrl, settings)),
                // Node 2 logs as an operator of a cluster would have it: one JSON object per line.
                starting.submit(() -> NodeProcess.start("cluster-2", databaseUrl, settings,
                        Map.of("UPKEEP_LOG_FORMAT", "json"))));
        starting.shutdown();
        for (Future<NodeProcess> node : started) {
            nodes.add(node.get(3, TimeUnit.MINUTES));
        }
        proxy = new RoundRobinProxy(nodes.stream().map(NodeProcess::port).toList());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        for (NodeProcess node : nodes) {
            node.close();
        }
    }

    @Test
    void fiveHundredDeliveriesOverTwoNodesWithOneKilledAreAppliedAndMailedOnce() throws Exception {
        Instant began = Instant.now();
        StripeWorld stripe = new StripeWorld(server.id(), clock, "EUR");
        long total = 0;
        for (int i = 0; i < DONATIONS; i++) {
            Supporter supporter = supporters.signedInWithEmail("giver" + i + "@example.org");
            long amount = 500 + i;
            stripe.donate(StripeEvents.checkout(checkouts, jdbc, server, supporter, null, Checkouts.Frequency.ONCE,
                    amount), amount);
            total += amount;
        }
        List<Delivery> burst = new ArrayList<>(stripe.take());
        assertThat(burst).hasSize(2 * DONATIONS);
        Collections.shuffle(burst);

        // Stripe: each delivery until it is answered 200, at most 8 at once; node 2 dies a third of the way in.
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger retried = new AtomicInteger();
        ExecutorService stripeSenders = Executors.newFixedThreadPool(8);
        for (Delivery delivery : burst) {
            stripeSenders.submit(() -> {
                while (deliver(delivery) != 200) {
                    retried.incrementAndGet();
                    Thread.sleep(100);
                }
                if (answered.incrementAndGet() == burst.size() / 3) {
                    nodes.get(1).kill();
                }
                return null;
            });
        }
        stripeSenders.shutdown();
        assertThat(stripeSenders.awaitTermination(3, TimeUnit.MINUTES)).isTrue();
        assertThat(nodes.get(1).alive()).isFalse();
        assertThat(proxy.served(1)).as("node 2 took deliveries before it died").isPositive();
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

        // Mail: node 1's scheduler and two senders on the test's node at once; each receipt still goes out once.
        ExecutorService senders = Executors.newFixedThreadPool(2);
        for (int i = 0; i < 2; i++) {
            senders.submit(() -> {
                while (mail.deliverPending() > 0) {
                    // until the outbox is empty
                }
            });
        }
        senders.shutdown();
        assertThat(senders.awaitTermination(3, TimeUnit.MINUTES)).isTrue();
        assertThat(count("SELECT count(*) FROM mail_outbox WHERE status <> 'SENT'")).isZero();
        smtp.waitForIncomingEmail(30_000, DONATIONS);
        Map<String, Long> received = List.of(smtp.getReceivedMessages()).stream()
                .collect(Collectors.groupingBy(ClusterTest::recipient, Collectors.counting()));
        for (int i = 0; i < DONATIONS; i++) {
            assertThat(received.get("giver" + i + "@example.org")).as("mails to giver %d", i).isEqualTo(1L);
        }
        System.out.printf("Cluster: %d deliveries (%d answered again after a refusal or the kill) over two nodes, "
                + "node 1 served %d, node 2 %d before it was killed; all applied and mailed once in %d s%n",
                burst.size(), retried.get(), proxy.served(0), proxy.served(1),
                Duration.between(began, Instant.now()).toSeconds());
    }

    @Test
    void theOperatorKeepsWorkingWhileRequestsAlternateAndANodeDies() throws Exception {
        Browser owner = SignedInOwner.browser(proxy.port(), jdbc, passwords);
        String expensesPage = "/operator/servers/" + server.id() + "/expenses";
        for (int i = 0; i < 6; i++) {
            var page = owner.get(expensesPage);
            assertThat(page.path()).as("still signed in").isEqualTo(expensesPage);
            assertThat(page.text()).contains("Expenses of example.social social");
        }
        assertThat(proxy.served(0)).isPositive();
        assertThat(proxy.served(1)).isPositive();

        // A change made elsewhere (the test's own node) reaches node 2's kept public page within a second.
        String onNode2 = nodes.get(1).url("/servers/example.social");
        assertThat(new Browser(nodes.get(1).port()).get("/servers/example.social").text()).doesNotContain("Hetzner");
        expenses.add(server.id(), new ExpenseDetails(LocalDate.of(2026, 11, 3), "hosting", "Hetzner", "",
                Money.of(10_00, "EUR"), Money.of(10_00, "EUR")), null, false, null);
        Instant changed = Instant.now();
        while (!new Browser(nodes.get(1).port()).get("/servers/example.social").text().contains("Hetzner")) {
            assertThat(Duration.between(changed, Instant.now())).as("until %s shows the change", onNode2)
                    .isLessThan(Duration.ofSeconds(1));
            Thread.sleep(20);
        }

        nodes.get(0).kill();
        int servedByNode2 = proxy.served(1);
        for (int i = 0; i < 4; i++) {
            var page = owner.get(expensesPage);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.path()).as("still signed in on node 2").isEqualTo(expensesPage);
            assertThat(page.text()).contains("Hetzner");
        }
        assertThat(proxy.served(1)).as("node 2 answered after node 1 died").isEqualTo(servedByNode2 + 4);
    }

    @Test
    void aNodeStoppedInTheMiddleOfDeliveriesFinishesThemAndHandsBackItsEvents() throws Exception {
        nodes.get(0).kill(); // node 2 alone: what it holds when it stops is then plain to see
        StripeWorld stripe = new StripeWorld(server.id(), clock, "EUR");
        for (int i = 0; i < 100; i++) {
            Supporter supporter = supporters.signedInWithEmail("giver" + i + "@example.org");
            stripe.donate(StripeEvents.checkout(checkouts, jdbc, server, supporter, null, Checkouts.Frequency.ONCE,
                    500 + i), 500 + i);
        }
        List<Delivery> burst = stripe.take();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger answered = new AtomicInteger();
        List<Future<Integer>> stopped = new ArrayList<>();
        ExecutorService stripeSenders = Executors.newFixedThreadPool(8);
        for (Delivery delivery : burst) {
            stripeSenders.submit(() -> {
                if (deliver(delivery) == 200) {
                    acknowledged.add(delivery.eventId());
                }
                if (answered.incrementAndGet() == burst.size() / 3) {
                    stopped.add(Executors.newSingleThreadExecutor().submit(() -> nodes.get(1).stop())); // SIGTERM
                }
            });
        }
        stripeSenders.shutdown();
        assertThat(stripeSenders.awaitTermination(3, TimeUnit.MINUTES)).isTrue();
        stopped.get(0).get(90, TimeUnit.SECONDS);

        assertThat(acknowledged.size()).as("deliveries answered 200 before the node left").isLessThan(burst.size())
                .isGreaterThanOrEqualTo(burst.size() / 3);
        Set<String> stored = Set.copyOf(jdbc.sql("SELECT event_id FROM stripe_event").query(String.class).list());
        assertThat(stored).as("every delivery answered 200 was stored").containsAll(acknowledged);
        assertThat(count("""
                SELECT count(*) FROM stripe_event WHERE status = 'PENDING' AND next_attempt_at > now()"""))
                .as("no event left under the stopped node's lease").isZero();
        assertThat(jdbc.sql("SELECT event_id || ': ' || last_error FROM stripe_event WHERE status IN ('PENDING', 'FAILED') "
                + "AND last_error IS NOT NULL")
                .query(String.class).list()).as("no event cut off halfway").isEmpty();
        List<String> log = Files.readAllLines(nodes.get(1).log());
        assertThat(log).anyMatch(line -> line.contains("Graceful shutdown complete"));
        for (String line : log) {
            assertThat(JSON.readTree(line).path("message").isString())
                    .as("a JSON log line with a message: %s", line).isTrue();
        }
    }

    @Test
    void theMetricsOfEveryNodeShowWhatWaitsAndWhatFailed() throws Exception {
        var now = clock.instant().atOffset(java.time.ZoneOffset.UTC);
        for (String status : new String[] {"PENDING", "PENDING", "FAILED"}) {
            jdbc.sql("""
                            INSERT INTO mail_outbox (cause_key, recipient, subject, body_text, status, created_at,
                                next_attempt_at) VALUES (gen_random_uuid()::text, 'someone@example.org', 'Thanks',
                                'Thanks', ?, ?, ?)""")
                    .params(status, now, now.plusYears(1)).update(); // no node tries it again during the test
        }
        for (String status : new String[] {"PENDING", "FAILED", "FAILED"}) {
            jdbc.sql("""
                            INSERT INTO role_change (instance_id, username, action, role, status, cause, created_at,
                                updated_at) VALUES (?, 'bea', 'GRANT', 'Supporter', ?, 'test', ?, ?)""")
                    .params(server.id(), status, now, now).update();
        }
        jdbc.sql("""
                        INSERT INTO stripe_event (instance_id, event_id, type, livemode, stripe_created, payload,
                            received_at, status, next_attempt_at)
                        VALUES (?, 'evt_given_up', 'charge.succeeded', false, ?, '{}', ?, 'FAILED', ?)""")
                .params(server.id(), now.minusDays(4), now.minusDays(4), now.minusDays(4)).update();

        for (NodeProcess node : nodes) {
            var scraped = http.send(HttpRequest.newBuilder(URI.create(node.url("/actuator/prometheus")))
                    .header("Authorization", "Bearer " + UpkeepTest.METRICS_TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(scraped.statusCode()).isEqualTo(200);
            assertThat(scraped.body())
                    .contains("upkeep_stripe_events{server=\"example.social\",status=\"failed\"} 1.0")
                    .contains("upkeep_role_changes{server=\"example.social\",state=\"waiting\"} 1.0")
                    .contains("upkeep_role_changes{server=\"example.social\",state=\"failed\"} 2.0")
                    .contains("upkeep_mail{status=\"failed\"} 1.0")
                    .contains("upkeep_mail{status=\"pending\"} 2.0");
        }
    }

    private int deliver(Delivery delivery) {
        String signature = StripeStubs.sign(delivery.payload(), StripeStubs.WEBHOOK_SECRET,
                Instant.now().getEpochSecond());
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port()
                                    + "/stripe/webhook/" + server.id()))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json").header("Stripe-Signature", signature)
                            .POST(HttpRequest.BodyPublishers.ofString(delivery.payload())).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }


    private static String recipient(MimeMessage message) {
        try {
            return message.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private int count(String sql) {
        return jdbc.sql(sql).query(Integer.class).single();
    }
}
