package social.upkeep.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
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
import social.upkeep.shared.Money;
import social.upkeep.support.Browser;
import social.upkeep.support.FediverseStubs;
import social.upkeep.support.Servers;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.StripeStubs;
import social.upkeep.support.UpkeepTest;
import social.upkeep.tier.Tier;
import social.upkeep.tier.DonationOptions;
import social.upkeep.tier.TierDetails;
import social.upkeep.tier.Tiers;

/** A supporter chooses a tier or an amount; the local checkout comes first and a double click makes one session. */
@UpkeepTest
class CheckoutTest {

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

    Instance server;
    Tier supporterTier;
    Browser owner;

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        StripeStubs.register(registry);
        FediverseStubs.register(registry);
    }

    @BeforeEach
    void setUp() {
        StripeStubs.reset("eur");
        FediverseStubs.reset();
        server = Servers.create(instances, "example.social", "EUR");
        owner = SignedInOwner.browser(port, jdbc, passwords);
        owner.submit(owner.get("/operator/servers/" + server.id() + "/stripe"), "form.stripe-keys",
                Map.of("secretKey", StripeStubs.SECRET_KEY, "webhookSecret", StripeStubs.WEBHOOK_SECRET));
        supporterTier = tiers.create(server.id(), server.currency(), new TierDetails("Supporter", "", List.of(),
                Money.of(500, "EUR"), Money.of(5000, "EUR"), null, "Supporter", true));
    }

    private Browser supporter() {
        FediverseStubs.signInAs(FediverseStubs.MASTODON_46, "member");
        var browser = new Browser(port);
        var page = browser.submit(browser.get("/signin/supporter"), "form.fediverse-signin",
                Map.of("handle", "@member@mastodon46.test"));
        assertThat(page.path()).isEqualTo("/me");
        return browser;
    }

    private int sessionsCreated() {
        return StripeStubs.wiremock().findAll(postRequestedFor(urlEqualTo("/v1/checkout/sessions"))).size();
    }

    @Test
    void aVisitorPicksATierOnThePublicPageSignsInChoosesHowToBeNamedAndPays() {
        var visitor = new Browser(port);
        var publicPage = visitor.get("/servers/example.social");
        var choose = publicPage.document().selectFirst("section#support p.choose a");
        assertThat(choose.text()).isEqualTo("Join “Supporter” monthly");

        var signIn = visitor.get(choose.attr("href"));                                     // click 1
        assertThat(signIn.path()).isEqualTo("/signin/supporter");
        assertThat(signIn.document().select("p.supporting").text()).contains("example.social social");
        FediverseStubs.signInAs(FediverseStubs.MASTODON_46, "member");
        var back = visitor.submit(signIn, "form.fediverse-signin", Map.of("handle", "@member@mastodon46.test"));
        assertThat(back.path()).isEqualTo("/support/example.social");
        assertThat(back.document().select("article.tier.chosen h3").text()).isEqualTo("Supporter");

        var naming = visitor.submit(back, "article.tier.chosen form.join", Map.of());              // click 2
        assertThat(naming.text()).contains("Before you pay", "You chose the tier “Supporter”: €5.00 a month.");
        var stripe = visitor.submit(naming, "form.naming", Map.of("listing", "HANDLE"));          // click 3
        assertThat(stripe.path()).startsWith("/pay/");
        assertThat(jdbc.sql("SELECT listing FROM supporter_listing").query(String.class).single()).isEqualTo("HANDLE");
        assertThat(jdbc.sql("SELECT tier_id FROM checkout").query(Long.class).single()).isEqualTo(supporterTier.id());
    }

    @Test
    void aNameThatIsNotAPlainNameIsRefusedBeforePayingAndNothingIsStarted() {
        Browser browser = supporter();
        var naming = browser.submit(browser.get("/support/example.social"), "form.donate",
                Map.of("amount", "10", "frequency", "once"));
        assertThat(naming.text()).contains("You chose to give €10.00 once.");
        var refused = browser.submit(naming, "form.naming", Map.of("listing", "NAME",
                "publicName", "<script>alert(1)</script>"));
        assertThat(refused.text()).contains("A name is 1 to 60 letters");
        assertThat(refused.body()).doesNotContain("<script>alert(1)</script>");
        var forged = browser.submit(naming, "form.naming", Map.of("listing", "EVERYONE"));
        assertThat(forged.text()).contains("Choose anonymous, your handle or a name.");
        assertThat(sessionsCreated()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM supporter_listing").query(Integer.class).single()).isZero();

        var paid = browser.submit(naming, "form.naming", Map.of("listing", "NAME", "publicName", "  Ada   L. "));
        assertThat(paid.path()).startsWith("/pay/");
        assertThat(jdbc.sql("SELECT public_name FROM supporter_listing").query(String.class).single())
                .isEqualTo("Ada L.");
    }

    @Test
    void aOneTimeDonationGoesToStripeCarryingTheLocalCheckout() {
        Browser browser = supporter();
        var page = browser.submit(browser.get("/support/example.social"), "form.donate",
                Map.of("listing", "ANONYMOUS", "amount", "10", "frequency", "once"));
        assertThat(page.path()).startsWith("/pay/");
        assertThat(page.text()).contains("Stripe Checkout");
        long id = jdbc.sql("SELECT id FROM checkout").query(Long.class).single();
        StripeStubs.wiremock().verify(postRequestedFor(urlEqualTo("/v1/checkout/sessions"))
                .withHeader("Idempotency-Key", equalTo("upkeep-checkout-" + id))
                .withRequestBody(containing("mode=payment"))
                .withRequestBody(containing("client_reference_id=checkout-" + id))
                .withRequestBody(containing("unit_amount]=1000"))
                .withRequestBody(containing("currency]=eur")));
    }

    @Test
    void aDoubleClickOrASecondTabMakesOneSession() {
        Browser browser = supporter();
        var form = browser.get("/support/example.social");
        var first = browser.submit(form, "form.join", Map.of("listing", "ANONYMOUS"));
        var second = browser.submit(form, "form.join", Map.of("listing", "ANONYMOUS"));
        var otherTab = browser.submit(browser.get("/support/example.social"), "form.join", Map.of("listing", "ANONYMOUS"));
        assertThat(second.uri()).isEqualTo(first.uri());
        assertThat(otherTab.uri()).isEqualTo(first.uri());
        assertThat(sessionsCreated()).isOne();
        assertThat(jdbc.sql("SELECT count(*) FROM checkout").query(Integer.class).single()).isOne();
        StripeStubs.wiremock().verify(postRequestedFor(urlEqualTo("/v1/checkout/sessions"))
                .withRequestBody(containing("mode=subscription"))
                .withRequestBody(containing("interval]=month"))
                .withRequestBody(containing("subscription_data[metadata][upkeep_checkout]")));
    }

    @Test
    void aTierSomeoneStartedToJoinCanOnlyBeArchived() {
        Browser browser = supporter();
        browser.submit(browser.get("/support/example.social"), "form.join", Map.of("listing", "ANONYMOUS"));
        var confirm = owner.get("/operator/servers/" + server.id() + "/tiers/" + supporterTier.id() + "/delete");
        var refused = owner.submit(confirm, "form.tier-delete", Map.of("confirm", "yes"));
        assertThat(refused.text()).contains("People have joined this tier, so it cannot be deleted.");
        assertThat(tiers.all(server.id())).hasSize(1);
    }

    @Test
    void aFailedStripeCallChargesNothingAndTheRetryUsesTheSameKey() {
        Browser browser = supporter();
        StripeStubs.wiremock().stubFor(post("/v1/checkout/sessions").atPriority(1).willReturn(aResponse()
                .withStatus(500).withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"type\": \"api_error\", \"message\": \"Something went wrong\"}}")));
        var failed = browser.submit(browser.get("/support/example.social"), "form.donate",
                Map.of("listing", "ANONYMOUS", "amount", "10", "frequency", "once"));
        assertThat(failed.text()).contains("Stripe could not start the payment. Nothing was charged");
        StripeStubs.reset("eur");
        var retried = browser.submit(browser.get("/support/example.social"), "form.donate",
                Map.of("listing", "ANONYMOUS", "amount", "10", "frequency", "once"));
        assertThat(retried.path()).startsWith("/pay/");
        long id = jdbc.sql("SELECT id FROM checkout").query(Long.class).single();
        StripeStubs.wiremock().verify(postRequestedFor(urlEqualTo("/v1/checkout/sessions"))
                .withHeader("Idempotency-Key", equalTo("upkeep-checkout-" + id)));
    }

    @Test
    void refusesAmountsFrequenciesAndTiersOutsideWhatTheServerOffers() {
        Browser browser = supporter();
        var page = browser.get("/support/example.social");
        String csrf = page.document().selectFirst("input[name=_csrf]").attr("value");
        Map<Map<String, String>, String> refused = Map.of(
                Map.of("amount", "0.50", "frequency", "once"), "below the minimum",
                Map.of("amount", "20000", "frequency", "once"), "above the maximum",
                Map.of("amount", "-5", "frequency", "once"), "negative",
                Map.of("amount", "5 USD", "frequency", "once"), "another currency",
                Map.of("amount", "<script>", "frequency", "once"), "not a number",
                Map.of("amount", "10", "frequency", "weekly"), "unknown frequency",
                Map.of("tier", String.valueOf(supporterTier.id()), "frequency", "once"), "a tier paid once");
        refused.forEach((fields, why) -> {
            Map<String, String> withToken = new HashMap<>(fields);
            withToken.put("_csrf", csrf);
            var answer = browser.post("/support/example.social/checkout", withToken);
            assertThat(answer.text()).as(why).contains("Choose a tier or an amount within the bounds shown");
        });
        tiers.archive(server.id(), supporterTier.id(), true);
        assertThat(browser.post("/support/example.social/checkout", Map.of("_csrf", csrf, "tier",
                String.valueOf(supporterTier.id()), "frequency", "month")).text()).contains("Choose a tier");
        Instance other = Servers.create(instances, "other.example", "EUR");
        Tier foreign = tiers.create(other.id(), other.currency(), new TierDetails("Other", "", List.of(),
                Money.of(500, "EUR"), null, null, null, true));
        assertThat(browser.post("/support/example.social/checkout", Map.of("_csrf", csrf, "tier",
                String.valueOf(foreign.id()), "frequency", "month")).status()).isEqualTo(404);
        assertThat(sessionsCreated()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM checkout").query(Integer.class).single()).isZero();
    }

    @Test
    void aDonationBelowStripesSmallestChargeIsRefusedEvenWhereTheOperatorAllowsIt() {
        tiers.saveDonationOptions(server.id(), new DonationOptions(List.of(Money.of(1000, "EUR")),
                Money.of(10, "EUR"), Money.of(10000, "EUR"), true, false, false));
        Browser browser = supporter();
        var page = browser.submit(browser.get("/support/example.social"), "form.donate",
                Map.of("listing", "ANONYMOUS", "amount", "0.20", "frequency", "once"));
        assertThat(page.path()).isEqualTo("/support/example.social");
        assertThat(page.text()).contains("within the bounds shown");
        assertThat(page.document().select("form.donate p.hint").text()).contains("€0.50").doesNotContain("€0.10");
        assertThat(sessionsCreated()).isZero();
    }

    @Test
    void theSupportPageSaysInWordsWhenTheStripeAccountWouldSettleInAnotherCurrency() {
        StripeStubs.reset("usd");
        Browser browser = supporter();
        var page = browser.submit(browser.get("/support/example.social"), "form.donate",
                Map.of("listing", "ANONYMOUS", "amount", "10", "frequency", "once"));
        assertThat(page.path()).isEqualTo("/support/example.social");
        assertThat(page.text()).contains("cannot take payments at the moment").contains("nothing has been charged");
        assertThat(page.document().select("p.closed").text()).contains("another currency");
        assertThat(page.document().select("form.donate button").hasAttr("disabled")).isTrue();
        assertThat(sessionsCreated()).isZero();
    }

    @Test
    void aServerWithoutStripeSaysSoAndStrangersMustSignInFirst() {
        Servers.create(instances, "nostripe.example", "EUR");
        Browser browser = supporter();
        var page = browser.submit(browser.get("/support/nostripe.example"), "form.donate",
                Map.of("listing", "ANONYMOUS", "amount", "10", "frequency", "once"));
        assertThat(page.text()).contains("This server does not accept payments yet.");
        assertThat(new Browser(port).get("/support/example.social").path()).isEqualTo("/signin/supporter");
    }
}
