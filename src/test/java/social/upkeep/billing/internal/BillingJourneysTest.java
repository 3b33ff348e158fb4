package social.upkeep.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
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
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.ledger.EntryKind;
import social.upkeep.ledger.Ledger;
import social.upkeep.ledger.LedgerEntry;
import social.upkeep.membership.Entitlement;
import social.upkeep.membership.Membership;
import social.upkeep.membership.MembershipEvents.MembershipActivated;
import social.upkeep.membership.MembershipEvents.MembershipEnded;
import social.upkeep.membership.MembershipEvents.MembershipLapsed;
import social.upkeep.membership.MembershipEvents.MembershipPastDue;
import social.upkeep.membership.MembershipEvents.MembershipRenewed;
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
import social.upkeep.support.StripeWorld.Delivery;
import social.upkeep.support.UpkeepTest;
import social.upkeep.tier.Tier;
import social.upkeep.tier.TierDetails;
import social.upkeep.tier.Tiers;

/**
 * Money moving through Stripe, end to end: signed events delivered over HTTP to the webhook, applied by the
 * worker against objects fetched from WireMock playing Stripe, with the clock moved between steps.
 */
@UpkeepTest
@RecordApplicationEvents
class BillingJourneysTest {

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
    EventInbox inbox;

    @Autowired
    Supporters supporters;

    @Autowired
    Memberships memberships;

    @Autowired
    Ledger ledger;

    @Autowired
    MutableClock clock;

    @Autowired
    ApplicationEvents events;

    Instance server;
    Supporter ada;
    Tier supporterTier;
    Tier patronTier;
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
        ada = supporters.signedInWithFediverse("example.social", "@ada@example.social",
                "https://example.social/users/ada", "@ada@example.social");
        supporterTier = tiers.create(server.id(), server.currency(), new TierDetails("Supporter", "", List.of(),
                Money.of(500, "EUR"), null, null, "Supporter", true));
        patronTier = tiers.create(server.id(), server.currency(), new TierDetails("Patron", "", List.of(),
                Money.of(1500, "EUR"), null, null, "Patron", true));
        stripe = new StripeWorld(server.id(), clock, "EUR");
    }

    @Test
    void aOneTimeDonationIsBookedWithItsFeeOnceHoweverOftenStripeSendsIt() {
        long checkout = checkout(null, Checkouts.Frequency.ONCE, 2000);
        stripe.donate(checkout, 2000);
        List<Delivery> sent = stripe.take();
        deliverAndApply(sent);
        deliverAndApply(sent);

        assertThat(amounts(EntryKind.INCOME)).containsExactly(2000L);
        assertThat(amounts(EntryKind.PROCESSOR_FEE)).containsExactly(-55L);
        assertThat(jdbc.sql("SELECT status FROM checkout WHERE id = ?").param(checkout).query(String.class).single())
                .isEqualTo("COMPLETED");
        assertThat(jdbc.sql("SELECT count(*) FROM stripe_event").query(Integer.class).single()).isEqualTo(2);
        assertThat(memberships.ofSupporter(server.id(), ada.id())).isEmpty();
    }

    @Test
    void aFeeThatArrivesOnlyWithChargeUpdatedIsBookedThen() {
        long checkout = checkout(null, Checkouts.Frequency.ONCE, 1000);
        String charge = stripe.donateWithLateBalance(checkout, 1000);
        deliverAndApply(stripe.take());
        assertThat(amounts(EntryKind.INCOME)).isEmpty();

        stripe.settle(charge);
        deliverAndApply(stripe.take());
        assertThat(amounts(EntryKind.INCOME)).containsExactly(1000L);
        assertThat(amounts(EntryKind.PROCESSOR_FEE)).containsExactly(-40L);
    }

    @Test
    void aMonthlyDonationRenewsThreeTimes() {
        long checkout = checkout(null, Checkouts.Frequency.MONTH, 1000);
        var subscription = stripe.subscribe(checkout, null, 1000, "month");
        deliverAndApply(stripe.take());
        Membership membership = only();
        assertThat(membership.state()).isEqualTo(MembershipState.ACTIVE);
        assertThat(membership.tierId()).isNull();
        assertThat(membership.paidThrough()).isEqualTo(Instant.parse("2026-12-27T12:00:00Z"));

        for (int month = 0; month < 3; month++) {
            clock.set(only().paidThrough());
            stripe.renew(subscription);
            deliverAndApply(stripe.take());
        }

        assertThat(only().state()).isEqualTo(MembershipState.ACTIVE);
        assertThat(only().paidThrough()).isEqualTo(Instant.parse("2027-03-27T12:00:00Z"));
        assertThat(amounts(EntryKind.INCOME)).containsExactly(1000L, 1000L, 1000L, 1000L);
        assertThat(events.stream(MembershipActivated.class)).hasSize(1);
        assertThat(events.stream(MembershipRenewed.class)).hasSize(3);
    }

    @Test
    void aFailedRenewalGoesPastDueKeepsEntitlementInGraceAndRecovers() {
        var subscription = join(supporterTier);
        clock.set(only().paidThrough());
        stripe.failRenewal(subscription);
        deliverAndApply(stripe.take());

        Membership pastDue = only();
        assertThat(pastDue.state()).isEqualTo(MembershipState.PAST_DUE);
        assertThat(memberships.entitlement(pastDue).reason()).isEqualTo(Entitlement.Reason.IN_GRACE);
        assertThat(memberships.entitlement(pastDue).until()).isEqualTo(pastDue.paidThrough().plus(Duration.ofDays(14)));
        assertThat(events.stream(MembershipPastDue.class)).hasSize(1);

        clock.advance(Duration.ofDays(3));
        stripe.recover(subscription);
        deliverAndApply(stripe.take());
        assertThat(only().state()).isEqualTo(MembershipState.ACTIVE);
        assertThat(only().paidThrough()).isEqualTo(Instant.parse("2027-01-27T12:00:00Z"));
        assertThat(events.stream(MembershipRenewed.class)).hasSize(1);
        assertThat(events.stream(MembershipLapsed.class)).isEmpty();
    }

    @Test
    void aRenewalThatNeverRecoversLapsesWhenTheGracePeriodEnds() {
        var subscription = join(supporterTier);
        Instant paidThrough = only().paidThrough();
        clock.set(paidThrough);
        stripe.failRenewal(subscription);
        deliverAndApply(stripe.take());

        clock.set(paidThrough.plus(Duration.ofDays(14)).minusSeconds(1));
        memberships.reviewClock();
        assertThat(only().state()).isEqualTo(MembershipState.PAST_DUE);
        assertThat(memberships.entitlement(only()).entitled()).isTrue();

        clock.set(paidThrough.plus(Duration.ofDays(14)));
        memberships.reviewClock();
        assertThat(only().state()).isEqualTo(MembershipState.LAPSED);
        assertThat(memberships.entitlement(only()).entitled()).isFalse();
        assertThat(events.stream(MembershipLapsed.class)).hasSize(1);

        clock.advance(Duration.ofDays(10));
        stripe.cancelForNonPayment(subscription);
        deliverAndApply(stripe.take());
        assertThat(only().state()).isEqualTo(MembershipState.LAPSED);
        assertThat(events.stream(MembershipLapsed.class)).hasSize(1);
    }

    @Test
    void aMemberWhoCancelsKeepsTheTierToTheEndOfThePaidPeriod() {
        var subscription = join(supporterTier);
        clock.advance(Duration.ofDays(10));
        stripe.cancelAtPeriodEnd(subscription);
        deliverAndApply(stripe.take());
        assertThat(only().state()).isEqualTo(MembershipState.CANCELLED);
        assertThat(memberships.entitlement(only()).reason()).isEqualTo(Entitlement.Reason.PAID_UNTIL_CANCELLATION);

        clock.set(only().paidThrough());
        stripe.endPeriod(subscription);
        deliverAndApply(stripe.take());
        assertThat(only().state()).isEqualTo(MembershipState.ENDED);
        assertThat(memberships.entitlement(only()).entitled()).isFalse();
        assertThat(events.stream(MembershipEnded.class)).singleElement()
                .extracting(MembershipEnded::state).isEqualTo(MembershipState.ENDED);
    }

    @Test
    void aMemberWhoCancelsInThePortalOfAFlexibleBillingSubscriptionIsSeenCancelling() {
        var subscription = join(supporterTier);
        clock.advance(Duration.ofDays(10));
        stripe.cancelFromPortalInFlexibleMode(subscription);
        deliverAndApply(stripe.take());
        assertThat(only().state()).isEqualTo(MembershipState.CANCELLED);
        assertThat(memberships.entitlement(only()).reason()).isEqualTo(Entitlement.Reason.PAID_UNTIL_CANCELLATION);

        // Stripe's deleted event is late or lost: the clock ends it at the paid-through date, not after a grace.
        clock.set(only().paidThrough().plusSeconds(1));
        memberships.reviewClock();
        assertThat(memberships.entitlement(only()).entitled()).isFalse();
    }

    @Test
    void aPartialRefundIsBookedAndAFullRefundEndsTheMembership() {
        var subscription = join(supporterTier);
        stripe.refund(subscription.lastCharge, 200);
        deliverAndApply(stripe.take());
        assertThat(amounts(EntryKind.REFUND)).containsExactly(-200L);
        assertThat(only().state()).isEqualTo(MembershipState.ACTIVE);

        stripe.refund(subscription.lastCharge, 300);
        deliverAndApply(stripe.take());
        assertThat(amounts(EntryKind.REFUND)).containsExactlyInAnyOrder(-200L, -300L);
        assertThat(only().state()).isEqualTo(MembershipState.REFUNDED);
        assertThat(memberships.entitlement(only()).entitled()).isFalse();
        assertThat(ledger.totals(server.id(), YearMonth.of(2026, 11)).income()).isEqualTo(Money.zero(server.currency()));
    }

    @Test
    void aLostDisputeTakesTheMoneyAndTheMembership() {
        var subscription = join(supporterTier);
        String dispute = stripe.dispute(subscription.lastCharge);
        deliverAndApply(stripe.take());
        assertThat(only().state()).isEqualTo(MembershipState.DISPUTED);
        assertThat(amounts(EntryKind.DISPUTE)).containsExactly(-500L);
        assertThat(amounts(EntryKind.PROCESSOR_FEE)).containsExactlyInAnyOrder(-32L, -1500L);

        stripe.closeDispute(dispute, false);
        deliverAndApply(stripe.take());
        assertThat(only().state()).isEqualTo(MembershipState.DISPUTED);
        assertThat(amounts(EntryKind.DISPUTE)).containsExactly(-500L);
        assertThat(amounts(EntryKind.ADJUSTMENT)).isEmpty();
    }

    @Test
    void aWonDisputeGivesTheMoneyAndTheMembershipBack() {
        var subscription = join(supporterTier);
        String dispute = stripe.dispute(subscription.lastCharge);
        deliverAndApply(stripe.take());
        stripe.closeDispute(dispute, true);
        deliverAndApply(stripe.take());

        assertThat(only().state()).isEqualTo(MembershipState.ACTIVE);
        assertThat(amounts(EntryKind.DISPUTE)).containsExactly(-500L, 500L);
        assertThat(amounts(EntryKind.ADJUSTMENT)).isEmpty();
        assertThat(ledger.totals(server.id(), YearMonth.of(2026, 11)).income()).isEqualTo(Money.of(500, "EUR"));
        assertThat(events.stream(MembershipEnded.class)).hasSize(1);
        assertThat(events.stream(MembershipActivated.class)).hasSize(2);
    }

    @Test
    void anUpgradeMovesTheMembershipToTheNewTierAndPrice() {
        var subscription = join(supporterTier);
        stripe.changeTier(subscription, patronTier.id(), 1500);
        deliverAndApply(stripe.take());
        assertThat(only().tierId()).isEqualTo(patronTier.id());
        assertThat(only().amount()).isEqualTo(Money.of(1500, "EUR"));
        assertThat(only().state()).isEqualTo(MembershipState.ACTIVE);
    }

    @Test
    void everyChangeIsOnTheMembersTimeline() {
        var subscription = join(supporterTier);
        clock.set(only().paidThrough());
        stripe.failRenewal(subscription);
        deliverAndApply(stripe.take());
        var changes = memberships.changes(server.id(), only().id());
        assertThat(changes).extracting(change -> change.to()).containsExactly(MembershipState.ACTIVE,
                MembershipState.PAST_DUE);
        assertThat(changes).allSatisfy(change -> assertThat(change.cause())
                .matches("(checkout\\.session|customer\\.subscription|invoice|charge)\\.[a-z_.]+ evt_\\w+"));
        assertThat(changes.get(1).from()).isEqualTo(MembershipState.ACTIVE);
    }

    // ---- what Stripe (or someone pretending) may send ----

    @Test
    void anotherServersSubscriptionIsLeftAlone() {
        Instance other = Servers.create(instances, "other.social", "EUR");
        StripeWorld othersStripe = new StripeWorld(other.id(), clock, "EUR");
        othersStripe.subscribe(1, null, 1000, "month");
        deliverAndApply(othersStripe.take());

        assertThat(jdbc.sql("SELECT count(*) FROM membership").query(Integer.class).single()).isZero();
        assertThat(amounts(EntryKind.INCOME)).isEmpty();
        assertThat(jdbc.sql("SELECT last_error FROM stripe_event WHERE type = 'customer.subscription.created'")
                .query(String.class).single()).isEqualTo("belongs to another server");
    }

    @Test
    void anEventUpkeepDoesNotHandleIsKeptAndMarkedIgnored() {
        stripe.unhandled();
        deliverAndApply(stripe.take());
        assertThat(jdbc.sql("SELECT status || ' ' || last_error FROM stripe_event").query(String.class).single())
                .isEqualTo("IGNORED Upkeep does not handle customer.updated");
    }

    @Test
    void anEventOfAnotherApiVersionIsAppliedFromTheFetchedObjectNotDropped() {
        long checkout = checkout(null, Checkouts.Frequency.ONCE, 1000);
        stripe.donate(checkout, 1000);
        deliverAndApply(stripe.take().stream().map(delivery -> new Delivery(delivery.eventId(), delivery.type(),
                delivery.payload().replace(com.stripe.Stripe.API_VERSION, "2020-08-27"), delivery.created())).toList());
        assertThat(amounts(EntryKind.INCOME)).containsExactly(1000L);
        assertThat(jdbc.sql("SELECT DISTINCT api_version FROM stripe_event").query(String.class).single())
                .isEqualTo("2020-08-27");
    }

    @Test
    void anEventThatKeepsFailingIsRetriedWithBackoffThenShownAndCanBeRetried() {
        long checkout = checkout(null, Checkouts.Frequency.ONCE, 1000);
        stripe.donate(checkout, 1000);
        var outage = StripeStubs.wiremock().stubFor(com.github.tomakehurst.wiremock.client.WireMock
                .get(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/v1/.*")).atPriority(1)
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.serverError()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"type\":\"api_error\",\"message\":\"An unknown error occurred\"}}")));
        for (Delivery delivery : stripe.take()) {
            assertThat(deliver(delivery.payload())).isEqualTo(200);
        }
        worker.drain();
        assertThat(jdbc.sql("SELECT DISTINCT status || ' ' || attempts || ' ' || last_error FROM stripe_event")
                .query(String.class).single()).isEqualTo("PENDING 1 Stripe answered 500: An unknown error occurred");
        assertThat(worker.drain()).as("nothing is retried before its time").isZero();

        // An outage of two and a half days: still retried (Stripe itself would deliver again for three days).
        for (int hours = 8; hours <= 60; hours += 8) {
            clock.advance(Duration.ofHours(8));
            worker.drain();
        }
        assertThat(jdbc.sql("SELECT DISTINCT status FROM stripe_event").query(String.class).single())
                .isEqualTo("PENDING");
        // Past three days it stops and waits for the operator.
        for (int hours = 0; hours < 24; hours += 8) {
            clock.advance(Duration.ofHours(8));
            worker.drain();
        }
        assertThat(jdbc.sql("SELECT DISTINCT status FROM stripe_event").query(String.class).single())
                .isEqualTo("FAILED");
        clock.advance(Duration.ofDays(1));
        assertThat(worker.drain()).as("a failed event waits for the operator").isZero();
        assertThat(amounts(EntryKind.INCOME)).isEmpty();

        Browser owner = SignedInOwner.browser(port, jdbc, passwords);
        var page = owner.get("/operator/servers/" + server.id() + "/stripe");
        assertThat(page.document().select("table.troubled tbody tr")).hasSize(2);
        assertThat(page.document().select("table.troubled td.error").eachText())
                .containsOnly("Stripe answered 500: An unknown error occurred");
        assertThat(page.document().select("table.troubled").text()).contains("Stopped after");

        // The outage is over: one button sends every stopped event back.
        StripeStubs.wiremock().removeStub(outage);
        page = owner.submit(owner.get("/operator/servers/" + server.id() + "/stripe"), "form.stripe-retry-all", Map.of());
        assertThat(page.text()).contains("The stopped events will be applied again in a moment");
        worker.drain();
        assertThat(amounts(EntryKind.INCOME)).containsExactly(1000L);
        assertThat(owner.get("/operator/servers/" + server.id() + "/stripe").document().select("table.troubled"))
                .isEmpty();
    }

    // ---- helpers ----

    private StripeWorld.Subscription join(Tier tier) {
        long checkout = checkout(tier.id(), Checkouts.Frequency.MONTH, tier.monthly().minor());
        var subscription = stripe.subscribe(checkout, tier.id(), tier.monthly().minor(), "month");
        deliverAndApply(stripe.take());
        assertThat(only().state()).isEqualTo(MembershipState.ACTIVE);
        return subscription;
    }

    private long checkout(Long tierId, Checkouts.Frequency frequency, long amount) {
        return StripeEvents.checkout(checkouts, jdbc, server, ada, tierId, frequency, amount);
    }

    private void deliverAndApply(List<Delivery> deliveries) {
        StripeEvents.deliverAndApply(port, server.id(), deliveries, worker, jdbc, clock);
    }

    private int deliver(String payload) {
        return StripeEvents.deliver(port, server.id(), payload, clock);
    }

    private Membership only() {
        return memberships.ofSupporter(server.id(), ada.id()).get(0);
    }

    private List<Long> amounts(EntryKind kind) {
        return jdbc.sql("SELECT amount_minor FROM ledger_entry WHERE instance_id = ? AND kind = ? ORDER BY id")
                .params(server.id(), kind.name()).query(Long.class).list();
    }
}
