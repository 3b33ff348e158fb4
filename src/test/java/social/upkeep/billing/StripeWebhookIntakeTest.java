package social.upkeep.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.Stripe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
import social.upkeep.support.Browser;
import social.upkeep.support.MutableClock;
import social.upkeep.support.Servers;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.StripeStubs;
import social.upkeep.support.UpkeepTest;

/** Stripe settings per server, and the webhook door: only signed, fresh, same-mode events get in, once. */
@UpkeepTest
class StripeWebhookIntakeTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    Instances instances;

    @Autowired
    MutableClock clock;

    @Autowired
    social.upkeep.shared.SecretBox secrets;

    private final HttpClient http = HttpClient.newHttpClient();
    private Instance server;
    private Browser owner;

    @DynamicPropertySource
    static void stripe(DynamicPropertyRegistry registry) {
        StripeStubs.register(registry);
    }

    @BeforeEach
    void setUp() {
        StripeStubs.reset("eur");
        server = Servers.create(instances, "example.social", "EUR");
        owner = SignedInOwner.browser(port, jdbc, passwords);
    }

    private Browser.Page saveKeys(String secretKey, String webhookSecret) {
        return owner.submit(owner.get("/operator/servers/" + server.id() + "/stripe"), "form.stripe-keys",
                Map.of("secretKey", secretKey, "webhookSecret", webhookSecret));
    }

    private HttpResponse<String> deliver(long serverId, String payload, String signature) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/stripe/webhook/" + serverId))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(payload));
        if (signature != null) {
            request.header("Stripe-Signature", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private int storedEvents() {
        return jdbc.sql("SELECT count(*) FROM stripe_event").query(Integer.class).single();
    }

    @Test
    void keysAreWriteOnlyAndTheCheckShowsTheAccountAndItsCurrency() {
        var saved = saveKeys(StripeStubs.SECRET_KEY, StripeStubs.WEBHOOK_SECRET);
        assertThat(saved.text()).contains("The keys are saved", "Test: no real money moves", "set");
        assertThat(saved.body()).doesNotContain(StripeStubs.SECRET_KEY).doesNotContain(StripeStubs.WEBHOOK_SECRET);
        assertThat(jdbc.sql("SELECT secret_key_sealed || webhook_secret_sealed FROM stripe_account")
                .query(String.class).single()).doesNotContain("sk_test_").doesNotContain("whsec_");

        var checked = owner.submit(saved, "form.stripe-check", Map.of());
        assertThat(checked.text()).contains("The key works", "acct_1UpkeepTestAcct01", "EUR");
        StripeStubs.wiremock().verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                urlEqualTo("/v1/account")).withHeader("Authorization", containing(StripeStubs.SECRET_KEY)));

        StripeStubs.reset("usd");
        assertThat(owner.submit(checked, "form.stripe-check", Map.of()).text())
                .contains("Stripe settles in another currency");
    }

    @Test
    void theStripePageSaysWhetherStripeRefusedOrCouldNotBeReached() {
        saveKeys(StripeStubs.SECRET_KEY, StripeStubs.WEBHOOK_SECRET);
        // Error bodies as Stripe sends them (docs.stripe.com/api/errors): {"error": {"type", "message"}}.
        var answers = Map.of(
                com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(401)
                        .withHeader("Content-Type", "application/json").withBody(
                                "{\"error\": {\"type\": \"invalid_request_error\", \"message\": \"Invalid API Key\"}}"),
                "Stripe refused the key",
                com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(400)
                        .withHeader("Content-Type", "application/json").withBody(
                                "{\"error\": {\"type\": \"invalid_request_error\", \"message\": \"No\"}}"),
                "Stripe refused the request.",
                com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(500)
                        .withHeader("Content-Type", "application/json").withBody(
                                "{\"error\": {\"type\": \"api_error\", \"message\": \"Oops\"}}"),
                "Stripe answered with an error on its side",
                com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                        .withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER),
                "Stripe could not be reached");
        answers.forEach((answer, said) -> {
            StripeStubs.wiremock().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/v1/account")
                    .atPriority(1).willReturn(answer));
            var page = owner.submit(owner.get("/operator/servers/" + server.id() + "/stripe"), "form.stripe-check",
                    Map.of());
            assertThat(page.text()).as(said).contains(said);
            assertThat(page.text()).doesNotContain("Invalid API Key", "Oops");
        });
    }

    @Test
    void oneStripeAccountServesOneServer() {
        saveKeys(StripeStubs.SECRET_KEY, StripeStubs.WEBHOOK_SECRET);
        owner.submit(owner.get("/operator/servers/" + server.id() + "/stripe"), "form.stripe-check", Map.of());
        var other = Servers.create(instances, "other.social", "EUR");
        owner.submit(owner.get("/operator/servers/" + other.id() + "/stripe"), "form.stripe-keys",
                Map.of("secretKey", StripeStubs.SECRET_KEY, "webhookSecret", StripeStubs.WEBHOOK_SECRET));
        var refused = owner.submit(owner.get("/operator/servers/" + other.id() + "/stripe"), "form.stripe-check",
                Map.of());
        assertThat(refused.text()).contains("This Stripe account already serves another server here");
        assertThat(jdbc.sql("SELECT count(*) FROM stripe_account WHERE account_id IS NOT NULL").query(Integer.class)
                .single()).isOne();
    }

    @Test
    void refusesWhatAreNotStripeKeys() {
        for (String bad : new String[] {"", "pk_test_51UpkeepPublishable000000000", "sk_test_short",
                "sk_test_<script>alert(1)</script>0000000"}) {
            assertThat(saveKeys(bad, "").text()).as(bad).contains("That is not a Stripe secret or restricted key");
        }
        assertThat(saveKeys(StripeStubs.SECRET_KEY, "not-a-secret").text())
                .contains("That is not a webhook signing secret");
        assertThat(jdbc.sql("SELECT count(*) FROM stripe_account").query(Integer.class).single()).isZero();
    }

    @Test
    void createsTheWebhookEndpointWithThePinnedApiVersionOnce() throws Exception {
        var saved = saveKeys(StripeStubs.SECRET_KEY, "");
        var page = owner.submit(saved, "form.stripe-webhook", Map.of());
        assertThat(page.text()).contains("The webhook endpoint is created");
        StripeStubs.wiremock().verify(postRequestedFor(urlEqualTo("/v1/webhook_endpoints"))
                .withRequestBody(containing("api_version=" + Stripe.API_VERSION))
                .withRequestBody(containing("enabled_events"))
                .withHeader("Idempotency-Key", matching("upkeep-webhook-" + server.id() + "-.+")));
        // Events signed with the secret Stripe handed back now get in.
        String payload = StripeStubs.event("evt_created_secret", "checkout.session.completed", false, now());
        assertThat(deliver(server.id(), payload, StripeStubs.sign(payload, "whsec_CreatedByStripeForUpkeep000000",
                now())).statusCode()).isEqualTo(200);
    }

    @Test
    void storesASignedEventOnceHoweverOftenItIsDelivered() throws Exception {
        saveKeys(StripeStubs.SECRET_KEY, StripeStubs.WEBHOOK_SECRET);
        String payload = StripeStubs.event("evt_1UpkeepOnce", "checkout.session.completed", false, now());
        for (int i = 0; i < 3; i++) {
            var response = deliver(server.id(), payload, StripeStubs.sign(payload, StripeStubs.WEBHOOK_SECRET, now()));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"duplicate\":" + (i > 0));
        }
        assertThat(storedEvents()).isOne();
        assertThat(jdbc.sql("SELECT type || ' ' || status || ' ' || api_version FROM stripe_event")
                .query(String.class).single()).isEqualTo("checkout.session.completed PENDING " + Stripe.API_VERSION);
    }

    @Test
    void refusesForgedStaleMalformedAndOversizedDeliveriesAndStoresNothing() throws Exception {
        saveKeys(StripeStubs.SECRET_KEY, StripeStubs.WEBHOOK_SECRET);
        String payload = StripeStubs.event("evt_1UpkeepForged", "checkout.session.completed", false, now());
        String good = StripeStubs.sign(payload, StripeStubs.WEBHOOK_SECRET, now());

        assertThat(deliver(server.id(), payload, null).statusCode()).as("no signature").isEqualTo(400);
        assertThat(deliver(server.id(), payload, StripeStubs.sign(payload, "whsec_SomeoneElsesSecret00000000000", now()))
                .statusCode()).as("wrong secret").isEqualTo(400);
        assertThat(deliver(server.id(), payload.replace("500", "50000"), good).statusCode()).as("altered body")
                .isEqualTo(400);
        assertThat(deliver(server.id(), payload, StripeStubs.sign(payload, StripeStubs.WEBHOOK_SECRET, now() - 600))
                .statusCode()).as("stale timestamp").isEqualTo(400);
        assertThat(deliver(server.id(), payload, "t=abc,v1=zzz").statusCode()).as("malformed header").isEqualTo(400);
        String notJson = "{\"id\": \"evt_1\", \"type\": ";
        assertThat(deliver(server.id(), notJson, StripeStubs.sign(notJson, StripeStubs.WEBHOOK_SECRET, now()))
                .statusCode()).as("malformed JSON").isEqualTo(400);
        String huge = payload.replace("\"metadata\": {", "\"metadata\": {\"pad\": \"" + "x".repeat(300_000) + "\",");
        assertThat(deliver(server.id(), huge, StripeStubs.sign(huge, StripeStubs.WEBHOOK_SECRET, now()))
                .statusCode()).as("oversized").isEqualTo(413);
        String live = StripeStubs.event("evt_1UpkeepLive", "checkout.session.completed", true, now());
        assertThat(deliver(server.id(), live, StripeStubs.sign(live, StripeStubs.WEBHOOK_SECRET, now()))
                .statusCode()).as("live event to a test account").isEqualTo(400);
        Instance other = Servers.create(instances, "other.example", "EUR");
        assertThat(deliver(other.id(), payload, good).statusCode()).as("server without Stripe").isEqualTo(400);
        assertThat(deliver(999_999, payload, good).statusCode()).as("unknown server").isEqualTo(400);
        var get = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/stripe/webhook/"
                + server.id())).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).as("not a POST").isEqualTo(405);
        assertThat(get.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(storedEvents()).isZero();
    }

    @Test
    void forgedSignaturesReReadTheSecretAtMostOnceAnInterval() throws Exception {
        saveKeys(StripeStubs.SECRET_KEY, StripeStubs.WEBHOOK_SECRET);
        String first = StripeStubs.event("evt_1UpkeepFirst", "checkout.session.completed", false, now());
        assertThat(deliver(server.id(), first, StripeStubs.sign(first, StripeStubs.WEBHOOK_SECRET, now()))
                .statusCode()).isEqualTo(200);
        // Another node saves a new signing secret; this node still holds the old one.
        String rolled = "whsec_RolledOnAnotherNode0000000000";
        jdbc.sql("UPDATE stripe_account SET webhook_secret_sealed = ? WHERE instance_id = ?")
                .params(secrets.seal(rolled, "instance:" + server.id() + ":stripe-webhook-secret"), server.id())
                .update();
        String payload = StripeStubs.event("evt_1UpkeepRolled", "checkout.session.completed", false, now());
        for (int i = 0; i < 20; i++) {
            String forged = StripeStubs.sign(payload, "whsec_ForgedBySomeone" + i + "0000000000000", now());
            assertThat(deliver(server.id(), payload, forged).statusCode()).isEqualTo(400);
        }
        // The forgeries did not make this node read the secret again: the new one is not known yet ...
        assertThat(deliver(server.id(), payload, StripeStubs.sign(payload, rolled, now())).statusCode())
                .isEqualTo(400);
        // ... until the interval has passed, when the first failure reads it once (Stripe delivers again).
        clock.advance(Duration.ofSeconds(11));
        assertThat(deliver(server.id(), payload, StripeStubs.sign(payload, rolled, now())).statusCode())
                .isEqualTo(200);
        assertThat(storedEvents()).isEqualTo(2);
    }

    @Test
    void keepsEventsOfUnknownTypesAndOtherApiVersionsForTheWorkerToJudge() throws Exception {
        saveKeys(StripeStubs.SECRET_KEY, StripeStubs.WEBHOOK_SECRET);
        String unknown = StripeStubs.event("evt_1UpkeepUnknown", "climate.order.delayed", false, now());
        String older = StripeStubs.event("evt_1UpkeepOlder", "checkout.session.completed", false, now())
                .replace(Stripe.API_VERSION, "2024-06-20");
        assertThat(deliver(server.id(), unknown, StripeStubs.sign(unknown, StripeStubs.WEBHOOK_SECRET, now()))
                .statusCode()).isEqualTo(200);
        assertThat(deliver(server.id(), older, StripeStubs.sign(older, StripeStubs.WEBHOOK_SECRET, now()))
                .statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT api_version FROM stripe_event WHERE event_id = 'evt_1UpkeepOlder'")
                .query(String.class).single()).isEqualTo("2024-06-20");
        assertThat(storedEvents()).isEqualTo(2);
    }

    @Test
    void aLiveAccountTakesOnlyLiveEvents() throws Exception {
        saveKeys(StripeStubs.LIVE_KEY, StripeStubs.WEBHOOK_SECRET);
        String test = StripeStubs.event("evt_1UpkeepTestMode", "checkout.session.completed", false, now());
        assertThat(deliver(server.id(), test, StripeStubs.sign(test, StripeStubs.WEBHOOK_SECRET, now()))
                .statusCode()).isEqualTo(400);
        String live = StripeStubs.event("evt_1UpkeepLiveMode", "checkout.session.completed", true, now());
        assertThat(deliver(server.id(), live, StripeStubs.sign(live, StripeStubs.WEBHOOK_SECRET, now()))
                .statusCode()).isEqualTo(200);
        assertThat(storedEvents()).isOne();
    }
}
