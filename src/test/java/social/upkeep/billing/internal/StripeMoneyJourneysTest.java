package social.upkeep.billing.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.ledger.EntryKind;
import social.upkeep.membership.MembershipState;
import social.upkeep.membership.Memberships;
import social.upkeep.shared.Money;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;
import social.upkeep.support.Browser;
import social.upkeep.support.MutableClock;
import social.upkeep.support.Servers;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.StripeStubs;
import social.upkeep.support.StripeWorld;
import social.upkeep.support.UpkeepTest;
import social.upkeep.tier.Tier;
import social.upkeep.tier.TierDetails;
import social.upkeep.tier.Tiers;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Money as Stripe really moves it: accounts that settle in another currency, refunds that are pending and then
 * fail, Stripe's own fees, dispute fees that are not 15.00, inquiries, and amounts Stripe will not take.
 */
@UpkeepTest
class StripeMoneyJourneysTest {

    @LocalServerPort
    int port;

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
    EventWorker worker;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    Supporters supporters;

    @Autowired
    Memberships memberships;

    @Autowired
    Reconciliation reconciliation;

    @Autowired
    MutableClock clock;

    Instance server;
    Supporter ada;
    Tier tier;
    StripeWorld stripe;

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        StripeStubs.register(registry);
    }

    @BeforeEach
    void setUp() {
        clock.set(UpkeepTest.START);
        StripeStubs.reset("eur");
        server = Servers.create(instances, "example.social", "EUR");
        accounts.saveKeys(server.id(), StripeStubs.SECRET_KEY, StripeStubs.WEBHOOK_SECRET);
        ada = supporters.signedInWithEmail("ada@example.org");
        tier = tiers.create(server.id(), server.currency(), new TierDetails("Supporter", "", List.of(),
                Money.of(500, "EUR"), null, null, "Supporter", true));
        stripe = new StripeWorld(server.id(), clock, "EUR");
    }

    @Test
    void checkoutStaysClosedWhileTheAccountWouldSettleInAnotherCurrencyAndBothPagesSaySo() {
        account("usd", null);

        assertThatThrownBy(() -> start(tier.id(), Checkouts.Frequency.MONTH, 500))
                .isInstanceOfSatisfying(StripeConnection.StripeRefused.class,
                        refused -> assertThat(refused.reason()).isEqualTo("checkout.currency-differs"));
        assertThat(jdbc.sql("SELECT count(*) FROM checkout").query(Integer.class).single()).isZero();
        StripeStubs.wiremock().verify(0, postRequestedFor(urlEqualTo("/v1/checkout/sessions")));

        Browser owner = SignedInOwner.browser(port, jdbc, passwords);
        assertThat(owner.get("/operator/servers/" + server.id() + "/stripe").document().select("p.checkout-closed")
                .text()).contains("out in USD").contains("kept in EUR");

        // A EUR bank account in Stripe: EUR payments settle in EUR. The operator checks again; checkout opens.
        account("usd", "eur");
        owner.submit(owner.get("/operator/servers/" + server.id() + "/stripe"), "form.stripe-check", Map.of());
        start(tier.id(), Checkouts.Frequency.MONTH, 500);
        StripeStubs.wiremock().verify(1, postRequestedFor(urlEqualTo("/v1/checkout/sessions")));
        assertThat(owner.get("/operator/servers/" + server.id() + "/stripe").document().select("p.checkout-closed"))
                .isEmpty();
    }

    @Test
    void aPaymentSettledInAnotherCurrencyStillMakesTheMembershipAndIsBookedAtStripesRate() throws Exception {
        stripe.settleIn("usd", new BigDecimal("1.084"));
        var subscription = stripe.subscribe(start(tier.id(), Checkouts.Frequency.MONTH, 500), tier.id(), 500, "month");
        deliverAndApply(stripe.take());

        assertThat(memberships.ofSupporter(server.id(), ada.id())).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MembershipState.ACTIVE));
        assertThat(entries(EntryKind.INCOME)).containsExactly("500 EUR (542 USD)");
        // Stripe's fee, 0.32 USD, at the same rate.
        assertThat(entries(EntryKind.PROCESSOR_FEE)).containsExactly("-30 EUR (-32 USD)");
        assertThat(jdbc.sql("SELECT amount_minor FROM payment WHERE charge_id = ?").param(subscription.lastCharge)
                .query(Long.class).single()).isEqualTo(500);
        assertThat(reconciliation.checkBalance(server.id(), YearMonth.of(2026, 11)).differences()).isEmpty();
    }

    @Test
    void aPaymentSettledWithNoRateToConvertByWaitsVisiblyUntilTheOperatorBooksIt() {
        stripe.settleIn("usd", new BigDecimal("1.084")).withoutExchangeRate();
        stripe.subscribe(start(tier.id(), Checkouts.Frequency.MONTH, 500), tier.id(), 500, "month");
        deliverAndApply(stripe.take());

        assertThat(memberships.ofSupporter(server.id(), ada.id())).singleElement()
                .satisfies(m -> assertThat(m.state()).isEqualTo(MembershipState.ACTIVE));
        assertThat(jdbc.sql("SELECT count(*) FROM ledger_entry").query(Integer.class).single()).isZero();
        Browser owner = SignedInOwner.browser(port, jdbc, passwords);
        var page = owner.get("/operator/servers/" + server.id() + "/stripe");
        assertThat(page.document().select("table.unbooked tbody tr")).hasSize(2);
        assertThat(page.document().select("table.unbooked td.amount").eachText())
                .containsExactly("$5.42", "-$0.32");

        // Careless and hostile input books nothing.
        page = owner.submit(page, "form.stripe-book-unbooked", Map.of("amount", "-5"));
        assertThat(page.text()).contains("Enter the amount it came to");
        page = owner.submit(page, "form.stripe-book-unbooked", Map.of("amount", "<script>"));
        assertThat(page.text()).contains("Enter the amount it came to");
        page = owner.submit(page, "form.stripe-book-unbooked", Map.of("key", "stripe:txn_someone_else",
                "amount", "5"));
        assertThat(page.text()).contains("Nothing of that waits");
        assertThat(jdbc.sql("SELECT count(*) FROM ledger_entry").query(Integer.class).single()).isZero();

        page = owner.submit(page, "form.stripe-book-unbooked", Map.of("amount", "5.00"));
        assertThat(page.text()).contains("Booked.");
        assertThat(entries(EntryKind.INCOME)).containsExactly("500 EUR (542 USD)");
        assertThat(page.document().select("table.unbooked tbody tr")).hasSize(1);
    }

    @Test
    void aPendingRefundIsBookedAtOnceAndOneThatFailsLaterGivesTheMoneyAndTheMembershipBack() throws Exception {
        var subscription = stripe.subscribe(start(tier.id(), Checkouts.Frequency.MONTH, 500), tier.id(), 500,
                "month");
        deliverAndApply(stripe.take());
        String refund = stripe.refundPending(subscription.lastCharge, 500);
        deliverAndApply(stripe.take());

        assertThat(entries(EntryKind.REFUND)).containsExactly("-500 EUR");
        assertThat(memberships.entitlement(memberships.ofSupporter(server.id(), ada.id()).get(0)).entitled())
                .as("refunded in full: no longer entitled").isFalse();

        stripe.refundFails(refund);
        deliverAndApply(stripe.take());

        assertThat(entries(EntryKind.REFUND)).containsExactlyInAnyOrder("-500 EUR", "500 EUR");
        assertThat(jdbc.sql("SELECT count(*) FROM ledger_entry WHERE reverses_id IS NOT NULL").query(Integer.class)
                .single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT amount_refunded_minor FROM payment").query(Long.class).single()).isZero();
        assertThat(memberships.entitlement(memberships.ofSupporter(server.id(), ada.id()).get(0)).entitled())
                .as("the refund failed: the supporter paid after all").isTrue();
        assertThat(reconciliation.checkBalance(server.id(), YearMonth.of(2026, 11)).differences()).isEmpty();
    }

    @Test
    void stripesOwnFeesAreBookedAsProcessorFeesAndCompared() throws Exception {
        stripe.stripeFee(250, "Billing usage fee");

        var check = reconciliation.checkBalance(server.id(), YearMonth.of(2026, 11));

        assertThat(check.differences()).isEmpty();
        assertThat(jdbc.sql("SELECT description FROM ledger_entry WHERE kind = 'PROCESSOR_FEE' AND amount_minor = -250")
                .query(String.class).list()).containsExactly("Stripe fee: Billing usage fee");
        assertThat(reconciliation.bookStripeFees(server.id())).as("read again, booked once").isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM ledger_entry").query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void aChargebacksFeeIsWhatStripeChargedAndAnInquiryMovesNoMoney() {
        long checkout = start(null, Checkouts.Frequency.ONCE, 2000);
        String charge = stripe.donate(checkout, 2000);
        deliverAndApply(stripe.take());
        String inquiry = stripe.inquiry(charge);
        deliverAndApply(stripe.take());
        assertThat(entries(EntryKind.DISPUTE)).isEmpty();
        stripe.closeInquiry(inquiry);
        deliverAndApply(stripe.take());

        stripe.disputeFee(2000).dispute(charge);
        deliverAndApply(stripe.take());
        assertThat(entries(EntryKind.DISPUTE)).containsExactly("-2000 EUR");
        assertThat(jdbc.sql("SELECT amount_minor FROM ledger_entry WHERE source_key LIKE 'stripe:%:fee' ORDER BY id")
                .query(Long.class).list()).containsExactly(-55L, -2000L);
    }

    @Test
    void anAmountStripeWillNotTakeIsRefusedBeforeStripeIsAskedAndCheckoutNeverAdaptsTheCurrency() {
        assertThatThrownBy(() -> start(null, Checkouts.Frequency.ONCE, 30))
                .isInstanceOfSatisfying(StripeConnection.StripeRefused.class,
                        refused -> assertThat(refused.reason()).isEqualTo("checkout.amount-too-small"));
        StripeStubs.wiremock().verify(0, postRequestedFor(urlEqualTo("/v1/checkout/sessions")));

        start(null, Checkouts.Frequency.ONCE, 50);
        // Adaptive pricing would charge in the supporter's currency; the books expect the server's.
        StripeStubs.wiremock().verify(1, postRequestedFor(urlEqualTo("/v1/checkout/sessions"))
                .withFormParam("adaptive_pricing[enabled]", equalTo("false"))
                .withFormParam("line_items[0][price_data][unit_amount]", equalTo("50")));
    }

    @Test
    void aRefundCountsAgainstTheChargeThatPaidTheCurrentPeriodNotAgainstALaterProration() {
        Tier patron = tiers.create(server.id(), server.currency(), new TierDetails("Patron", "", List.of(),
                Money.of(1500, "EUR"), null, null, "Patron", true));
        var subscription = stripe.subscribe(start(tier.id(), Checkouts.Frequency.MONTH, 500), tier.id(), 500,
                "month");
        deliverAndApply(stripe.take());
        String paidThePeriod = subscription.lastCharge;
        String proration = stripe.changeTierProrated(subscription, patron.id(), 1500, 1000);
        deliverAndApply(stripe.take());

        stripe.refund(proration, 1000);
        deliverAndApply(stripe.take());
        assertThat(entitled()).as("only the upgrade was refunded; the period is paid").isTrue();

        stripe.refund(paidThePeriod, 500);
        deliverAndApply(stripe.take());
        assertThat(entitled()).as("the charge that paid the period was refunded in full").isFalse();
    }

    @Test
    void aChargebackOfLastMonthsPaymentAfterARenewalIsBookedButLeavesThePaidPeriod() {
        var subscription = stripe.subscribe(start(tier.id(), Checkouts.Frequency.MONTH, 500), tier.id(), 500,
                "month");
        deliverAndApply(stripe.take());
        String lastMonth = subscription.lastCharge;
        clock.set(subscription.periodEnd());
        stripe.renew(subscription);
        deliverAndApply(stripe.take());

        stripe.dispute(lastMonth);
        deliverAndApply(stripe.take());

        assertThat(entries(EntryKind.DISPUTE)).containsExactly("-500 EUR");
        assertThat(entitled()).isTrue();
        stripe.dispute(subscription.lastCharge);
        deliverAndApply(stripe.take());
        assertThat(entitled()).as("the charge that paid this period is disputed").isFalse();
    }

    @Test
    void anUnpaidSubscriptionKeepsItsGraceAndAPausedOneEntitlesToNothing() {
        var subscription = stripe.subscribe(start(tier.id(), Checkouts.Frequency.MONTH, 500), tier.id(), 500,
                "month");
        deliverAndApply(stripe.take());
        clock.set(subscription.periodEnd());
        stripe.failRenewal(subscription);
        stripe.markUnpaid(subscription);
        deliverAndApply(stripe.take());
        assertThat(memberships.ofSupporter(server.id(), ada.id()).get(0).state()).isEqualTo(MembershipState.PAST_DUE);
        assertThat(entitled()).as("within the grace period").isTrue();
        clock.advance(java.time.Duration.ofDays(15));
        memberships.reviewClock();
        assertThat(memberships.ofSupporter(server.id(), ada.id()).get(0).state()).isEqualTo(MembershipState.LAPSED);

        stripe.pause(subscription);
        deliverAndApply(stripe.take());
        assertThat(memberships.ofSupporter(server.id(), ada.id()).get(0).state()).isEqualTo(MembershipState.LAPSED);
        assertThat(entitled()).isFalse();
    }

    @Test
    void aRefundCanceledWhileItRequiredActionIsBookedBack() {
        long checkout = start(null, Checkouts.Frequency.ONCE, 2000);
        String charge = stripe.donate(checkout, 2000);
        deliverAndApply(stripe.take());
        String refund = stripe.refundRequiringAction(charge, 2000);
        deliverAndApply(stripe.take());
        assertThat(entries(EntryKind.REFUND)).containsExactly("-2000 EUR");

        stripe.cancelRefund(refund);
        deliverAndApply(stripe.take());
        assertThat(entries(EntryKind.REFUND)).containsExactly("-2000 EUR", "2000 EUR");
        assertThat(jdbc.sql("SELECT amount_refunded_minor FROM payment").query(Long.class).single()).isZero();
    }

    @Test
    void anIncompleteFirstPaymentEntitlesToNothingUntilItIsMadeAndEndsWhenItExpires() {
        var paid = stripe.subscribeIncomplete(start(tier.id(), Checkouts.Frequency.MONTH, 500), tier.id(), 500,
                "month");
        deliverAndApply(stripe.take());
        assertThat(memberships.ofSupporter(server.id(), ada.id()).get(0).state()).isEqualTo(MembershipState.PENDING);
        assertThat(entitled()).isFalse();
        stripe.completeFirstPayment(paid);
        deliverAndApply(stripe.take());
        assertThat(memberships.ofSupporter(server.id(), ada.id()).get(0).state()).isEqualTo(MembershipState.ACTIVE);
        assertThat(entries(EntryKind.INCOME)).containsExactly("500 EUR");

        Supporter bob = supporters.signedInWithEmail("bob@example.org");
        var abandoned = stripe.subscribeIncomplete(StripeEvents.checkout(checkouts, jdbc, server, bob, tier.id(),
                Checkouts.Frequency.MONTH, 500), tier.id(), 500, "month");
        clock.advance(java.time.Duration.ofHours(23));
        stripe.expireIncomplete(abandoned);
        deliverAndApply(stripe.take());
        assertThat(memberships.ofSupporter(server.id(), bob.id()).get(0).state()).isEqualTo(MembershipState.ENDED);
        assertThat(entries(EntryKind.INCOME)).containsExactly("500 EUR");
    }

    @Test
    void aTrialEntitlesUntilItsEndAndItsFirstChargeIsBookedThen() {
        var subscription = stripe.subscribeWithTrial(start(tier.id(), Checkouts.Frequency.MONTH, 500), tier.id(),
                500, "month", 14);
        deliverAndApply(stripe.take());
        assertThat(memberships.ofSupporter(server.id(), ada.id()).get(0).state()).isEqualTo(MembershipState.ACTIVE);
        assertThat(entitled()).isTrue();
        assertThat(entries(EntryKind.INCOME)).isEmpty();

        clock.set(subscription.periodEnd());
        stripe.renew(subscription);
        deliverAndApply(stripe.take());
        assertThat(entitled()).isTrue();
        assertThat(entries(EntryKind.INCOME)).containsExactly("500 EUR");
    }

    // ---- helpers ----

    private boolean entitled() {
        return memberships.entitlement(memberships.ofSupporter(server.id(), ada.id()).get(0)).entitled();
    }


    /** The account Stripe answers: its default currency, and a bank account in {@code bank} if not null. */
    private static void account(String defaultCurrency, String bank) {
        ObjectNode account = (ObjectNode) JsonMapper.builder().build()
                .readTree(StripeStubs.body("account.json", Map.of("@CURRENCY@", defaultCurrency)));
        if (bank != null) {
            // Shaped after fixtures3.json's bank_account.
            ((tools.jackson.databind.node.ArrayNode) account.get("external_accounts").get("data")).addObject()
                    .put("id", "ba_1UpkeepTestBank01").put("object", "bank_account").put("country", "DE")
                    .put("currency", bank).put("default_for_currency", true).put("last4", "3000")
                    .put("status", "new");
        }
        StripeStubs.wiremock().stubFor(get("/v1/account").willReturn(okJson(account.toString())));
    }

    private long start(Long tierId, Checkouts.Frequency frequency, long amount) {
        return StripeEvents.checkout(checkouts, jdbc, server, ada, tierId, frequency, amount);
    }

    private void deliverAndApply(List<StripeWorld.Delivery> deliveries) {
        StripeEvents.deliverAndApply(port, server.id(), deliveries, worker, jdbc, clock);
    }

    /** The server's entries of a kind: amount and currency, and the settled amount where it differs. */
    private List<String> entries(EntryKind kind) {
        return jdbc.sql("""
                        SELECT amount_minor || ' ' || currency || coalesce(' (' || original_amount_minor || ' '
                            || original_currency || ')', '')
                        FROM ledger_entry WHERE instance_id = ? AND kind = ? ORDER BY id""")
                .params(server.id(), kind.name()).query(String.class).list();
    }
}
