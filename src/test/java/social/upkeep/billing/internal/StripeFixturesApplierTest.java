package social.upkeep.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.stripe.Stripe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.membership.Membership;
import social.upkeep.membership.Memberships;
import social.upkeep.shared.Money;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;
import social.upkeep.support.MutableClock;
import social.upkeep.support.Servers;
import social.upkeep.support.StripeStubs;
import social.upkeep.support.UpkeepTest;
import social.upkeep.tier.Tier;
import social.upkeep.tier.TierDetails;
import social.upkeep.tier.Tiers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The subscription, invoice, charge, balance transaction, refund and dispute Stripe publishes as examples
 * ({@code ../shared/fixtures/stripe/fixtures3.json}), applied by {@link EventApplier} as the webhook's events
 * would be. Only what ties them together is set (ids, links, Upkeep's metadata, statuses and times relative to the
 * test's clock); every other field is Stripe's own. Skips only when that folder is not beside the checkout.
 */
@UpkeepTest
class StripeFixturesApplierTest {

    private static final Path FIXTURES = Path.of(System.getProperty("upkeep.shared.dir", "../shared"), "fixtures",
            "stripe", "fixtures3.json");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Instances instances;

    @Autowired
    Tiers tiers;

    @Autowired
    StripeAccounts accounts;

    @Autowired
    Checkouts checkouts;

    @Autowired
    EventInbox inbox;

    @Autowired
    EventWorker worker;

    @Autowired
    Supporters supporters;

    @Autowired
    Memberships memberships;

    @Autowired
    MutableClock clock;

    JsonNode resources;
    Instance server;
    Supporter ada;
    Tier tier;

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        StripeStubs.register(registry);
    }

    @BeforeEach
    void setUp() throws Exception {
        assumeThat(Files.isRegularFile(FIXTURES))
                .as("../shared/fixtures/stripe/fixtures3.json is not beside the checkout; conformance tests skipped")
                .isTrue();
        resources = JSON.readTree(Files.readString(FIXTURES)).get("resources");
        clock.set(UpkeepTest.START);
        StripeStubs.reset("usd");
        server = Servers.create(instances, "fixtures.example", "USD");
        accounts.saveKeys(server.id(), StripeStubs.SECRET_KEY, StripeStubs.WEBHOOK_SECRET);
        ada = supporters.signedInWithEmail("ada@example.org");
        tier = tiers.create(server.id(), server.currency(), new TierDetails("Supporter", "", List.of(),
                Money.of(2000, "USD"), null, null, "Supporter", true));
    }

    @Test
    void stripesExampleObjectsMakeAMembershipBookTheMoneyAndReadTheDispute() {
        long checkout = StripeEvents.checkout(checkouts, jdbc, server, ada, tier.id(), Checkouts.Frequency.MONTH,
                2000);
        long periodEnd = clock.instant().plusSeconds(30L * 24 * 3600).getEpochSecond();

        ObjectNode subscription = fixture("subscription");
        String subscriptionId = subscription.get("id").asString();
        String customer = subscription.get("customer").asString();
        subscription.put("status", "active").put("cancel_at_period_end", false).putNull("cancel_at");
        subscription.putObject("metadata").put("upkeep_checkout", String.valueOf(checkout))
                .put("upkeep_server", String.valueOf(server.id())).put("upkeep_tier", String.valueOf(tier.id()));
        ((ObjectNode) subscription.get("items").get("data").get(0)).put("current_period_start", now())
                .put("current_period_end", periodEnd);
        serve("/v1/subscriptions/" + subscriptionId, subscription);

        ObjectNode invoice = fixture("invoice");
        invoice.put("status", "paid").put("customer", customer);
        ((ObjectNode) invoice.get("parent")).put("type", "subscription_details");
        ((ObjectNode) invoice.get("parent").get("subscription_details")).put("subscription", subscriptionId);
        ((ObjectNode) invoice.get("lines").get("data").get(0).get("period")).put("start", now()).put("end", periodEnd);
        serve("/v1/invoices/" + invoice.get("id").asString(), invoice);

        ObjectNode balance = fixture("balance_transaction");
        ObjectNode charge = fixture("charge");
        String chargeId = charge.get("id").asString();
        charge.put("customer", customer).put("created", now()).put("amount_refunded", charge.get("amount").asLong())
                .put("refunded", true).put("disputed", true);
        charge.set("balance_transaction", balance.deepCopy().put("created", now()));
        serve("/v1/charges/" + chargeId, charge);

        ObjectNode refund = fixture("refund");
        refund.put("charge", chargeId).put("amount", charge.get("amount").asLong()).put("created", now());
        refund.set("balance_transaction", balance.deepCopy().put("id", "txn_refund_of_the_example")
                .put("type", "refund").put("amount", -charge.get("amount").asLong()).put("created", now()));
        serve("/v1/refunds/" + refund.get("id").asString(), refund);

        ObjectNode dispute = fixture("dispute");
        dispute.put("charge", chargeId).put("created", now());
        serve("/v1/disputes/" + dispute.get("id").asString(), dispute);

        deliver("customer.subscription.created", subscription);
        deliver("invoice.paid", invoice);
        deliver("charge.succeeded", charge);
        deliver("refund.created", refund);
        deliver("charge.dispute.created", dispute);
        worker.drain();

        assertThat(jdbc.sql("SELECT DISTINCT status FROM stripe_event").query(String.class).list())
                .containsExactly("APPLIED");
        Membership membership = memberships.ofSupporter(server.id(), ada.id()).get(0);
        assertThat(membership.amount()).as("the price's unit_amount").isEqualTo(Money.of(2000, "USD"));
        assertThat(membership.tierId()).isEqualTo(tier.id());
        assertThat(membership.subscriptionId()).isEqualTo(subscriptionId);
        assertThat(jdbc.sql("SELECT kind || ' ' || amount_minor || ' ' || currency FROM ledger_entry ORDER BY id")
                .query(String.class).list()).containsExactly("INCOME 100 USD", "REFUND -100 USD");
        assertThat(jdbc.sql("SELECT dispute_status FROM payment WHERE charge_id = ?").param(chargeId)
                .query(String.class).single()).as("an inquiry, read from the example").isEqualTo(
                        resources.get("dispute").get("status").asString());
    }

    private ObjectNode fixture(String type) {
        return (ObjectNode) resources.get(type).deepCopy();
    }

    private void serve(String path, ObjectNode object) {
        StripeStubs.objects().put(path, object.toString());
    }

    private void deliver(String type, ObjectNode object) {
        String id = "evt_fixture_" + type.replace('.', '_');
        String payload = StripeStubs.body("event.json", Map.of("@EVENT_ID@", id, "@TYPE@", type,
                "@CREATED@", String.valueOf(now()), "@API_VERSION@", Stripe.API_VERSION, "@OBJECT@", object.toString()));
        inbox.store(server.id(), id, type, Stripe.API_VERSION, false, clock.instant(), payload);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
