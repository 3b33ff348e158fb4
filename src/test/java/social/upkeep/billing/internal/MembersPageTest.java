package social.upkeep.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;

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

/** The operator's members: figures, filters, a CSV that adds up to the page, timelines, gifts and grace. */
@UpkeepTest
class MembersPageTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

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
    Supporters supporters;

    @Autowired
    Memberships memberships;

    @Autowired
    MutableClock clock;

    Instance server;
    Tier tier;
    Browser owner;
    Supporter ada;
    Supporter bob;
    String members;

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        StripeStubs.register(registry);
    }

    @Autowired
    social.upkeep.ledger.Ledger ledger;

    @BeforeEach
    void setUp() {
        clock.set(UpkeepTest.START);
        StripeStubs.reset("eur");
        server = Servers.create(instances, "example.social", "EUR");
        members = "/operator/servers/" + server.id() + "/members";
        accounts.saveKeys(server.id(), StripeStubs.SECRET_KEY, StripeStubs.WEBHOOK_SECRET);
        tier = tiers.create(server.id(), server.currency(), new TierDetails("Supporter", "", List.of(),
                Money.of(500, "EUR"), null, null, "Supporter", true));
        ada = supporters.signedInWithFediverse("example.social", "@ada@example.social",
                "https://example.social/users/ada", "@ada@example.social");
        bob = supporters.signedInWithEmail("bob@example.org");
        StripeWorld stripe = new StripeWorld(server.id(), clock, "EUR");
        stripe.subscribe(checkout(ada, tier.id(), Checkouts.Frequency.MONTH, 500), tier.id(), 500, "month");
        stripe.subscribe(checkout(bob, null, Checkouts.Frequency.YEAR, 12000), null, 12000, "year");
        StripeEvents.deliverAndApply(port, server.id(), stripe.take(), worker, jdbc, clock);
        owner = SignedInOwner.browser(port, jdbc, passwords);
    }

    private long checkout(Supporter supporter, Long tierId, Checkouts.Frequency frequency, long amount) {
        return StripeEvents.checkout(checkouts, jdbc, server, supporter, tierId, frequency, amount);
    }

    @Test
    void theFiguresCountRecurringRevenueIncomeAndChurn() {
        var page = owner.get(members);
        assertThat(page.document().select("dd.mrr").text()).isEqualTo("€15.00");
        assertThat(page.document().select("dd.income").text()).isEqualTo("€125.00");
        assertThat(page.document().select("dt:has(+ dd.income)").text())
                .isEqualTo("Paid by supporters this month through Stripe, less refunds");
        // A bank transfer recorded by hand is income, but not what supporters paid through Stripe.
        ledger.book(new social.upkeep.ledger.Booking(server.id(), social.upkeep.ledger.EntryKind.MANUAL_INCOME,
                Money.of(40_00, "EUR"), null, java.time.LocalDate.of(2026, 11, 20), "bank transfer", "bank-transfer",
                "manual:members-page"));
        assertThat(owner.get(members).document().select("dd.income").text()).isEqualTo("€125.00");
        assertThat(page.document().select("dd.churn").text()).startsWith("0.0% (0 ended, 2 renewing)");
        assertThat(page.document().select("table.members tbody tr")).hasSize(2);
    }

    @Test
    void filtersAndSearchNarrowTheListAndTheCsvAddsUpToThePage() {
        var byTier = owner.get(members + "?tier=" + tier.id());
        assertThat(byTier.document().select("table.members tbody tr").eachText()).singleElement()
                .asString().contains("@ada@example.social");
        var bySearch = owner.get(members + "?q=BOB");
        assertThat(bySearch.document().select("table.members tbody tr").eachText()).singleElement()
                .asString().contains("bob@example.org");
        assertThat(owner.get(members + "?state=LAPSED").document().select("table.members")).isEmpty();
        assertThat(owner.get(members + "?state=%3Cscript%3E&tier=abc&q=%25").status()).isEqualTo(200);

        var page = owner.get(members);
        assertThat(page.document().select("p.totals").text()).isEqualTo("2 listed, €15.00 monthly recurring revenue.");
        var csv = owner.get(page.document().select("a.csv").attr("href"));
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(3)).isEqualTo("total,,,2,,EUR,,15.00,,,");
        assertThat(lines.subList(1, 3).stream().mapToDouble(line -> Double.parseDouble(line.split(",")[7])).sum())
                .isEqualTo(15.00);

        var filtered = owner.get(owner.get(members + "?tier=" + tier.id()).document().select("a.csv").attr("href"));
        assertThat(filtered.body().lines().toList()).last().isEqualTo("total,,,1,,EUR,,5.00,,,");
    }

    @Test
    void aMembersTimelineShowsStatesPaymentsLedgerEntriesAndEvents() {
        long membership = memberships.ofSupporter(server.id(), ada.id()).get(0).id();
        var page = owner.get(members + "/" + membership);
        var kinds = page.document().select("table.timeline tbody tr").eachAttr("class");
        assertThat(kinds).contains("state", "payment", "ledger", "event");
        assertThat(page.document().select("table.timeline tr.ledger").text()).contains("INCOME", "€5.00",
                "PROCESSOR_FEE", "-€0.32");
        assertThat(page.document().select("table.timeline tr.state").text()).contains("– → ACTIVE");
    }

    @Test
    void aMembershipOfAnotherServerIsNotFoundUnderThisOne() {
        Instance other = Servers.create(instances, "other.social", "EUR");
        long membership = memberships.ofSupporter(server.id(), ada.id()).get(0).id();
        assertThat(owner.get("/operator/servers/" + other.id() + "/members/" + membership).status()).isEqualTo(404);
    }

    @Test
    void anOperatorGrantsAndEndsAComplimentaryMembership() {
        var page = owner.submit(owner.get(members), "form.complimentary",
                Map.of("supporter", "bob@example.org", "tier", String.valueOf(tier.id()), "until", "2027-06-01",
                        "note", "Moderates the <b>help</b> channel"));
        assertThat(page.text()).contains("The complimentary membership is granted.", "Moderates the <b>help</b> channel");
        var gift = memberships.ofSupporter(server.id(), bob.id()).get(0);
        assertThat(gift.state()).isEqualTo(MembershipState.COMPLIMENTARY);
        assertThat(memberships.entitlement(gift).entitled()).isTrue();

        var unconfirmed = owner.submit(page, "form.end", Map.of());
        assertThat(unconfirmed.text()).contains("Tick the box");
        assertThat(memberships.get(server.id(), gift.id()).state()).isEqualTo(MembershipState.COMPLIMENTARY);
        var ended = owner.submit(owner.get(members + "/" + gift.id()), "form.end", Map.of("confirm", "true"));
        assertThat(ended.text()).contains("The membership has ended.");
        assertThat(memberships.get(server.id(), gift.id()).state()).isEqualTo(MembershipState.ENDED);
    }

    /** The one-time link in the newest mail of this kind to this address, read from the outbox before it is sent. */
    private String linkIn(String email, String causePrefix) {
        String text = jdbc.sql("""
                        SELECT body_text FROM mail_outbox WHERE recipient = ? AND cause_key LIKE ?
                        ORDER BY id DESC LIMIT 1""").params(email, causePrefix + "%").query(String.class).single();
        var link = java.util.regex.Pattern.compile("http://localhost:\\d+/[a-z/]+/[A-Za-z0-9_-]{43}").matcher(text);
        assertThat(link.find()).as(text).isTrue();
        return link.group();
    }

    private Browser signedInByEmail(String email) {
        var browser = new Browser(port);
        browser.submit(browser.get("/signin/supporter"), "form.email-signin", Map.of("email", email));
        var confirm = browser.get(java.net.URI.create(linkIn(email, "email-signin:")).getPath());
        assertThat(browser.submit(confirm, "main form", Map.of()).path()).isEqualTo("/me");
        return browser;
    }

    private int membershipsOf(String email) {
        return jdbc.sql("""
                        SELECT count(*) FROM membership m JOIN supporter s ON s.id = m.supporter_id
                        WHERE s.email = ? AND m.instance_id = ?""").params(email, server.id())
                .query(Integer.class).single();
    }

    @Test
    void anotherServersSupporterIsInvitedNotFoundAndJoinsOnlyByAccepting() {
        // Carol gives to another server only; this server's operator cannot tell her from a stranger.
        Instance other = Servers.create(instances, "other.social", "EUR");
        Supporter carol = supporters.signedInWithEmail("carol@example.org");
        memberships.grantComplimentary(other.id(), carol.id(), null, null, "", "their operator");

        var known = owner.submit(owner.get(members), "form.complimentary", Map.of("supporter", "Carol@Example.org"));
        var unknown = owner.submit(owner.get(members), "form.complimentary", Map.of("supporter", "nobody@example.org"));
        assertThat(known.document().select(".flash").text()).isEqualTo(unknown.document().select(".flash").text())
                .contains("The invitation is on its way to that address");
        assertThat(known.text()).doesNotContain("carol@example.org");
        assertThat(membershipsOf("carol@example.org")).isZero();
        assertThat(owner.get(members + "?q=carol").document().select("table.members tbody tr")).isEmpty();

        // She accepts, signed in: now she is this server's member, and its operator sees her.
        // Links are made from UPKEEP_BASE_URL; the test reaches the app on its own port.
        String invitation = java.net.URI.create(linkIn("carol@example.org", "invitation:")).getPath();
        var anonymous = new Browser(port).get(invitation);
        assertThat(anonymous.text()).contains("example.social social offers you a complimentary membership", "Sign in to accept");
        Browser carolsBrowser = signedInByEmail("carol@example.org");
        var offer = carolsBrowser.get(invitation);
        var accepted = carolsBrowser.submit(offer, "form.accept", Map.of());
        assertThat(accepted.path()).isEqualTo("/me");
        assertThat(accepted.text()).contains("You accepted the invitation");
        assertThat(membershipsOf("carol@example.org")).isOne();
        assertThat(owner.get(members + "?q=carol").document().select("table.members tbody tr")).hasSize(1);

        // Once only.
        var again = carolsBrowser.post(invitation, Map.of("_csrf",
                offer.document().selectFirst("input[name=_csrf]").attr("value")));
        assertThat(again.status()).isEqualTo(404);
        assertThat(membershipsOf("carol@example.org")).isOne();
    }

    @Test
    void aFediverseHandleGetsALinkToPassOnAndThisServersOwnSupportersTheMembershipAtOnce() {
        var invited = owner.submit(owner.get(members), "form.complimentary", Map.of("supporter", "@dora@elsewhere.social",
                "tier", String.valueOf(tier.id())));
        assertThat(invited.text()).contains("Send this link to them");
        assertThat(invited.document().select(".invitation-link code").text())
                .matches("http://localhost:\\d+/invitations/[A-Za-z0-9_-]{43}");
        String link = java.net.URI.create(invited.document().select(".invitation-link code").text()).getPath();
        assertThat(new Browser(port).get(link).text()).contains("complimentary membership: Supporter");
        assertThat(jdbc.sql("SELECT count(*) FROM mail_outbox WHERE cause_key LIKE 'invitation:%'")
                .query(Integer.class).single()).isZero();

        var granted = owner.submit(owner.get(members), "form.complimentary", Map.of("supporter", "@ada@example.social"));
        assertThat(granted.text()).contains("The complimentary membership is granted.");
    }

    @Test
    void aComplimentaryMembershipNeedsAnAddressAndAFutureEnd() {
        for (String bad : List.of("", "not an address", "<script>@x", "@a@b")) {
            var refused = owner.submit(owner.get(members), "form.complimentary", Map.of("supporter", bad));
            assertThat(refused.text()).as(bad).contains("Type a fediverse handle (@name@server) or an email address.");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM complimentary_invitation").query(Integer.class).single()).isZero();
        var past = owner.submit(owner.get(members), "form.complimentary",
                Map.of("supporter", "@ada@example.social", "until", "2026-01-01"));
        assertThat(past.text()).contains("The end date must be a date after today.");
        var garbage = owner.submit(owner.get(members), "form.complimentary",
                Map.of("supporter", "@ada@example.social", "until", "next tuesday"));
        assertThat(garbage.text()).contains("The end date must be a date after today.");
        assertThat(jdbc.sql("SELECT count(*) FROM membership WHERE stripe_subscription_id IS NULL")
                .query(Integer.class).single()).isZero();
    }

    @Test
    void theGracePeriodIsSetBetweenZeroAndNinetyDays() {
        var saved = owner.submit(owner.get(members), "form.grace", Map.of("graceDays", "3"));
        assertThat(saved.text()).contains("The grace settings are saved.");
        assertThat(memberships.policy(server.id()).grace().toDays()).isEqualTo(3);
        assertThat(memberships.policy(server.id()).refundEndsAtOnce()).isFalse();
        for (String bad : List.of("-1", "91", "abc", "")) {
            var refused = owner.submit(owner.get(members), "form.grace", Map.of("graceDays", bad));
            assertThat(refused.text()).contains("The grace period is a whole number of days from 0 to 90.");
        }
        assertThat(memberships.policy(server.id()).grace().toDays()).isEqualTo(3);
    }
}
