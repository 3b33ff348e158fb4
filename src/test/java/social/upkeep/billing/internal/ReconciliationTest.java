package social.upkeep.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.util.List;
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
import social.upkeep.membership.MembershipState;
import social.upkeep.membership.Memberships;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;
import social.upkeep.support.MutableClock;
import social.upkeep.support.Servers;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.StripeStubs;
import social.upkeep.support.StripeWorld;
import social.upkeep.support.UpkeepTest;

/** What webhooks missed, reconciliation finds: undelivered events, stale subscriptions, books that differ. */
@UpkeepTest
class ReconciliationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Instances instances;

    @Autowired
    StripeAccounts accounts;

    @Autowired
    Checkouts checkouts;

    @Autowired
    EventWorker worker;

    @Autowired
    Reconciliation reconciliation;

    @Autowired
    Supporters supporters;

    @Autowired
    Memberships memberships;

    @Autowired
    MutableClock clock;

    @Autowired
    PasswordEncoder passwords;

    Instance server;
    Supporter ada;
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
        stripe = new StripeWorld(server.id(), clock, "EUR");
    }

    private long checkout(Checkouts.Frequency frequency, long amount) {
        return StripeEvents.checkout(checkouts, jdbc, server, ada, null, frequency, amount);
    }

    private List<Long> income() {
        return jdbc.sql("SELECT amount_minor FROM ledger_entry WHERE kind = 'INCOME' ORDER BY id").query(Long.class)
                .list();
    }

    @Test
    void eventsThatWereNeverDeliveredAreReadFromStripesListOnce() throws Exception {
        stripe.donate(checkout(Checkouts.Frequency.ONCE, 1500), 1500);
        stripe.take();

        assertThat(reconciliation.catchUpEvents(server.id())).isEqualTo(2);
        worker.drain();
        assertThat(income()).containsExactly(1500L);

        assertThat(reconciliation.catchUpEvents(server.id())).isZero();
        worker.drain();
        assertThat(income()).containsExactly(1500L);
    }

    @Test
    void aSubscriptionWhoseRenewalWasNeverDeliveredIsCaughtUpDaily() throws Exception {
        var subscription = stripe.subscribe(checkout(Checkouts.Frequency.MONTH, 800), null, 800, "month");
        StripeEvents.deliverAndApply(port, server.id(), stripe.take(), worker, jdbc, clock);
        var before = memberships.ofSupporter(server.id(), ada.id()).get(0);

        clock.set(before.paidThrough());
        stripe.renew(subscription);
        stripe.take();
        assertThat(reconciliation.refreshSubscriptions(server.id())).isOne();

        var after = memberships.ofSupporter(server.id(), ada.id()).get(0);
        assertThat(after.state()).isEqualTo(MembershipState.ACTIVE);
        assertThat(after.paidThrough()).isEqualTo(subscription.periodEnd());
        assertThat(after.paidThrough()).isAfter(before.paidThrough());
    }

    @Test
    void oneSubscriptionThatCannotBeFetchedDoesNotStopTheDailyCheckOfTheOthers() throws Exception {
        var broken = stripe.subscribe(checkout(Checkouts.Frequency.MONTH, 800), null, 800, "month");
        var fine = stripe.subscribe(checkout(Checkouts.Frequency.MONTH, 900), null, 900, "month");
        StripeEvents.deliverAndApply(port, server.id(), stripe.take(), worker, jdbc, clock);
        clock.set(memberships.ofSupporter(server.id(), ada.id()).get(0).paidThrough());
        stripe.renew(broken);
        stripe.renew(fine);
        stripe.take();
        StripeStubs.wiremock().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/v1/subscriptions/" + broken.id))
                .atPriority(1).willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(404)
                        .withHeader("Content-Type", "application/json").withBody("""
                                {"error": {"type": "invalid_request_error", "code": "resource_missing",
                                 "message": "No such subscription"}}""")));

        assertThat(reconciliation.refreshSubscriptions(server.id())).isOne();

        assertThat(memberships.ofSupporter(server.id(), ada.id())).anySatisfy(membership ->
                assertThat(membership.paidThrough()).isEqualTo(fine.periodEnd()));
    }

    @Test
    void theMonthlyCheckListsEveryDifferenceBetweenTheBooksAndStripe() throws Exception {
        stripe.donate(checkout(Checkouts.Frequency.ONCE, 1000), 1000);
        StripeEvents.deliverAndApply(port, server.id(), stripe.take(), worker, jdbc, clock);
        assertThat(reconciliation.checkBalance(server.id(), YearMonth.of(2026, 11)).differences()).isEmpty();

        stripe.donate(checkout(Checkouts.Frequency.ONCE, 2000), 2000);
        stripe.take();
        var check = reconciliation.checkBalance(server.id(), YearMonth.of(2026, 11));
        assertThat(check.differences()).hasSize(2).allSatisfy(line -> assertThat(line).endsWith("not in the books"));
        assertThat(check.differences()).anySatisfy(line -> assertThat(line).contains("(20.00 EUR)"));
        assertThat(reconciliation.lastBalanceCheck(server.id()).orElseThrow().differences())
                .isEqualTo(check.differences());
        var page = SignedInOwner.browser(port, jdbc, passwords).get("/operator/servers/" + server.id() + "/stripe");
        assertThat(page.document().select("p.balance-result").text()).isEqualTo("November 2026: 2 differences.");
        assertThat(page.document().select("ul.differences li").eachText()).isEqualTo(check.differences());
    }
}
