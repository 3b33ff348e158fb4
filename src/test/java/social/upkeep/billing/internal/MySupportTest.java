package social.upkeep.billing.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.shared.Money;
import social.upkeep.support.Browser;
import social.upkeep.support.FediverseStubs;
import social.upkeep.support.MutableClock;
import social.upkeep.support.Servers;
import social.upkeep.support.StripeStubs;
import social.upkeep.support.StripeWorld;
import social.upkeep.support.UpkeepTest;
import social.upkeep.tier.Tier;
import social.upkeep.tier.TierDetails;
import social.upkeep.tier.Tiers;

/** A supporter's own page: what they pay for and until when, their payments, the portal, public naming. */
@UpkeepTest
class MySupportTest {

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
    EventWorker worker;

    @Autowired
    MutableClock clock;

    Instance server;
    Tier tier;
    StripeWorld stripe;

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        StripeStubs.register(registry);
        FediverseStubs.register(registry);
    }

    @BeforeEach
    void setUp() {
        clock.set(UpkeepTest.START);
        StripeStubs.reset("eur");
        FediverseStubs.reset();
        server = Servers.create(instances, "example.social", "EUR");
        accounts.saveKeys(server.id(), StripeStubs.SECRET_KEY, StripeStubs.WEBHOOK_SECRET);
        tier = tiers.create(server.id(), server.currency(), new TierDetails("Supporter", "", List.of(),
                Money.of(500, "EUR"), null, 1, "Supporter", true));
        stripe = new StripeWorld(server.id(), clock, "EUR");
    }

    private Browser signIn(String account) {
        FediverseStubs.signInAs(FediverseStubs.MASTODON_46, account);
        var browser = new Browser(port);
        var page = browser.submit(browser.get("/signin/supporter"), "form.fediverse-signin",
                Map.of("handle", "@" + account + "@mastodon46.test"));
        assertThat(page.path()).isEqualTo("/me");
        return browser;
    }

    /** Joins the tier through the support page and Stripe's (stubbed) checkout; returns the subscription. */
    private StripeWorld.Subscription join(Browser browser) {
        var page = browser.submit(browser.get("/support/example.social"), "form.join", Map.of("listing", "ANONYMOUS"));
        assertThat(page.path()).startsWith("/pay/");
        long checkout = jdbc.sql("SELECT max(id) FROM checkout").query(Long.class).single();
        var subscription = stripe.subscribe(checkout, tier.id(), 500, "month");
        var thanks = browser.get("/support/example.social/thanks?checkout=" + checkout);
        assertThat(thanks.document().select(".confirming")).isNotEmpty();
        StripeEvents.deliverAndApply(port, server.id(), stripe.take(), worker, jdbc, clock);
        thanks = browser.get("/support/example.social/thanks?checkout=" + checkout);
        assertThat(thanks.document().select(".confirmed").text()).contains("Stripe has confirmed your payment");
        assertThat(thanks.document().select(".chosen").text()).isEqualTo("You chose the tier “Supporter”: €5.00 a month.");
        assertThat(thanks.document().select("a[href='/servers/example.social']")).hasSize(1);
        return subscription;
    }

    @Test
    void aMemberSeesTheirMembershipUntilWhenAndTheirPayments() {
        Browser member = signIn("member");
        join(member);
        var page = member.get("/me");
        assertThat(page.document().select("table.memberships td.entitlement").text())
                .isEqualTo("Active, paid until 27 December 2026");
        assertThat(page.document().select("table.memberships").text()).contains("Supporter", "€5.00 a month");
        assertThat(page.document().select("table.payments").text()).contains("27 November 2026", "€5.00", "Paid");
    }

    @Test
    void theThanksPageIsOnlyForTheSupportersOwnCheckout() {
        Browser member = signIn("member");
        join(member);
        long checkout = jdbc.sql("SELECT max(id) FROM checkout").query(Long.class).single();
        Browser other = signIn("admin");
        assertThat(other.get("/support/example.social/thanks?checkout=" + checkout).status()).isEqualTo(404);
        assertThat(other.get("/support/example.social/thanks").status()).isEqualTo(404);
        assertThat(member.get("/support/example.social/thanks?checkout=999999").status()).isEqualTo(404);
        assertThat(member.get("/support/example.social/thanks?checkout=" + checkout).status()).isEqualTo(200);
    }

    @Test
    void theManageButtonOpensStripesPortalForTheMembersOwnCustomer() {
        Browser member = signIn("member");
        var subscription = join(member);
        var portal = member.submit(member.get("/me"), "form.manage", Map.of());
        assertThat(portal.text()).contains("Stripe customer portal");
        StripeStubs.wiremock().verify(postRequestedFor(urlEqualTo("/v1/billing_portal/sessions"))
                .withRequestBody(containing("customer=" + subscription.customer)));
    }

    @Test
    void nobodyOpensThePortalForSomeoneElsesMembership() {
        join(signIn("member"));
        long membership = jdbc.sql("SELECT id FROM membership").query(Long.class).single();
        Browser other = signIn("moderator");
        var page = other.post("/me/memberships/" + membership + "/manage", Map.of("_csrf", csrf(other)));
        assertThat(page.status()).isEqualTo(404);
        StripeStubs.wiremock().verify(0, postRequestedFor(urlEqualTo("/v1/billing_portal/sessions")));
    }

    @Test
    void aMemberIsSentToManageTheirMembershipInsteadOfJoiningTwice() {
        Browser member = signIn("member");
        join(member);
        var page = member.submit(member.get("/support/example.social"), "form.join", Map.of("listing", "ANONYMOUS"));
        assertThat(page.path()).isEqualTo("/me");
        assertThat(page.text()).contains("You are already a member of this server");
        assertThat(jdbc.sql("SELECT count(*) FROM checkout").query(Integer.class).single()).isOne();
    }

    @Test
    void aFullTierTakesNoMoreMembers() {
        join(signIn("member"));
        Browser other = signIn("moderator");
        var page = other.submit(other.get("/support/example.social"), "form.join", Map.of("listing", "ANONYMOUS"));
        assertThat(page.path()).isEqualTo("/support/example.social");
        assertThat(page.text()).contains("This tier is full");
    }

    @Test
    void aMemberMovesToAnotherTierThroughStripeAndThePageFollowsStripe() {
        Tier patron = tiers.create(server.id(), server.currency(), new TierDetails("Patron", "", List.of(),
                Money.of(1500, "EUR"), null, null, "Patron", true));
        Browser member = signIn("member");
        var subscription = join(member);
        String path = "/v1/subscriptions/" + subscription.id;
        StripeStubs.wiremock().stubFor(post(urlEqualTo(path)).willReturn(okJson(StripeStubs.objects().get(path))));
        StripeStubs.wiremock().stubFor(post(urlPathMatching("/v1/products/.*"))
                .willReturn(okJson("{\"id\": \"prod_QXg1hqf4jFNsqG\", \"object\": \"product\", \"name\": \"Patron\"}")));

        var page = member.submit(member.get("/me"), "form.tier-change", Map.of("tier", String.valueOf(patron.id())));
        assertThat(page.text()).contains("Stripe is changing your tier");
        StripeStubs.wiremock().verify(postRequestedFor(urlEqualTo(path))
                .withRequestBody(containing("metadata[upkeep_tier]=" + patron.id()))
                .withRequestBody(containing("unit_amount]=1500"))
                .withRequestBody(containing("proration_behavior=create_prorations")));
        assertThat(page.document().select("table.memberships").text()).contains("Supporter");

        stripe.changeTier(subscription, patron.id(), 1500);
        StripeEvents.deliverAndApply(port, server.id(), stripe.take(), worker, jdbc, clock);
        assertThat(member.get("/me").document().select("table.memberships").text()).contains("Patron", "€15.00 a month");
    }

    @Test
    void changingTierBackAndForthInOneDaySendsEachChangeUnderItsOwnKeyAndADoubleClickUnderTheSame() {
        Tier patron = tiers.create(server.id(), server.currency(), new TierDetails("Patron", "", List.of(),
                Money.of(1500, "EUR"), null, null, "Patron", true));
        Browser member = signIn("member");
        var subscription = join(member);
        String path = "/v1/subscriptions/" + subscription.id;
        StripeStubs.wiremock().stubFor(post(urlPathMatching("/v1/products/.*"))
                .willReturn(okJson("{\"id\": \"prod_QXg1hqf4jFNsqG\", \"object\": \"product\", \"name\": \"Patron\"}")));
        var keys = new java.util.ArrayList<String>();
        for (Tier to : List.of(patron, tier, patron)) {
            StripeStubs.wiremock().stubFor(post(urlEqualTo(path)).willReturn(okJson(StripeStubs.objects().get(path))));
            var me = member.get("/me");
            member.submit(me, "form.tier-change", Map.of("tier", String.valueOf(to.id())));
            if (keys.isEmpty()) {
                member.submit(me, "form.tier-change", Map.of("tier", String.valueOf(to.id())));   // double click
            }
            var sent = StripeStubs.wiremock().findAll(postRequestedFor(urlEqualTo(path)));
            sent.stream().skip(keys.size()).forEach(request -> keys.add(request.getHeader("Idempotency-Key")));
            stripe.changeTier(subscription, to.id(), to.monthly().minor());
            StripeEvents.deliverAndApply(port, server.id(), stripe.take(), worker, jdbc, clock);
        }
        assertThat(keys).hasSize(4);
        assertThat(keys.get(1)).as("the double click").isEqualTo(keys.get(0));
        assertThat(List.of(keys.get(0), keys.get(2), keys.get(3))).as("Supporter → Patron → Supporter → Patron")
                .doesNotHaveDuplicates();
        assertThat(member.get("/me").document().select("table.memberships").text()).contains("Patron");
    }

    @Test
    void aRecurringDonorChangesTheAmountWithinTheServersBounds() {
        Browser donor = signIn("member");
        var page = donor.submit(donor.get("/support/example.social"), "form.donate",
                Map.of("listing", "ANONYMOUS", "amount", "10", "frequency", "month"));
        assertThat(page.path()).startsWith("/pay/");
        long checkout = jdbc.sql("SELECT max(id) FROM checkout").query(Long.class).single();
        var subscription = stripe.subscribe(checkout, null, 1000, "month");
        StripeEvents.deliverAndApply(port, server.id(), stripe.take(), worker, jdbc, clock);
        String path = "/v1/subscriptions/" + subscription.id;
        StripeStubs.wiremock().stubFor(post(urlEqualTo(path)).willReturn(okJson(StripeStubs.objects().get(path))));

        for (String bad : List.of("0", "-5", "100000", "10", "<script>", "")) {
            var refused = donor.submit(donor.get("/me"), "form.amount-change", Map.of("amount", bad));
            assertThat(refused.text()).as(bad).contains("That amount is outside what this server accepts");
        }
        StripeStubs.wiremock().verify(0, postRequestedFor(urlEqualTo(path)));

        var changed = donor.submit(donor.get("/me"), "form.amount-change", Map.of("amount", "25"));
        assertThat(changed.text()).contains("Stripe is changing your donation");
        StripeStubs.wiremock().verify(postRequestedFor(urlEqualTo(path))
                .withRequestBody(containing("unit_amount]=2500"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.notContaining("upkeep_tier")));
    }

    @Test
    void onlyAnotherOpenTierOfTheSameServerCanBeChosen() {
        Instance other = Servers.create(instances, "other.social", "EUR");
        Tier foreign = tiers.create(other.id(), other.currency(), new TierDetails("Elsewhere", "", List.of(),
                Money.of(900, "EUR"), null, null, "Elsewhere", true));
        Browser member = signIn("member");
        join(member);
        assertThat(member.get("/me").document().select("form.tier-change")).isEmpty();
        long membership = jdbc.sql("SELECT id FROM membership").query(Long.class).single();
        for (long tierId : List.of(foreign.id(), tier.id(), -1L)) {
            var page = member.post("/me/memberships/" + membership + "/tier",
                    Map.of("tier", String.valueOf(tierId), "_csrf", csrf(member)));
            assertThat(page.text()).contains("That tier cannot be chosen for this membership.");
        }
        StripeStubs.wiremock().verify(0, postRequestedFor(urlPathMatching("/v1/subscriptions/.*")));
    }

    @Test
    void aSupporterChoosesToBeNamedPubliclyByHandleOrName() {
        Browser member = signIn("member");
        join(member);
        assertThat(publicNames()).isEmpty();

        var page = member.submit(member.get("/me"), "form.listing", Map.of("listing", "HANDLE"));
        assertThat(page.text()).contains("Saved.");
        assertThat(publicNames()).containsExactly("@member@mastodon46.test");

        member.submit(member.get("/me"), "form.listing", Map.of("listing", "NAME", "publicName", "  Ada   L. "));
        assertThat(publicNames()).containsExactly("Ada L.");

        member.submit(member.get("/me"), "form.listing", Map.of("listing", "ANONYMOUS"));
        assertThat(publicNames()).isEmpty();
    }

    @Test
    void aPublicNameWithMarkupOrForAServerNeverSupportedIsRefused() {
        Browser member = signIn("member");
        join(member);
        var page = member.submit(member.get("/me"), "form.listing",
                Map.of("listing", "NAME", "publicName", "<script>alert(1)</script>"));
        assertThat(page.text()).contains("A name is 1 to 60 letters");
        member.submit(member.get("/me"), "form.listing", Map.of("listing", "NAME", "publicName", "x".repeat(61)));
        member.submit(member.get("/me"), "form.listing", Map.of("listing", "SHOUTING"));
        assertThat(jdbc.sql("SELECT count(*) FROM supporter_listing").query(Integer.class).single()).isZero();

        Instance other = Servers.create(instances, "other.social", "EUR");
        var refused = member.submit(member.get("/me"), "form.listing",
                Map.of("server", String.valueOf(other.id()), "listing", "HANDLE"));
        assertThat(refused.status()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT count(*) FROM supporter_listing").query(Integer.class).single()).isZero();
    }

    private List<String> publicNames() {
        return new Browser(port).get("/servers/example.social").document().select("ul.supporters li").eachText();
    }

    private static String csrf(Browser browser) {
        return browser.get("/me").document().select("input[name=_csrf]").attr("value");
    }
}
