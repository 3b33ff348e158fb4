package social.upkeep.support;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.stripe.Stripe;
import com.stripe.net.Webhook;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Stripe for tests: a WireMock the app's StripeClient talks to (bodies in {@code src/test/resources/stripe},
 * shaped after ../shared/fixtures/stripe/fixtures3.json), and events signed with the SDK's own signing code.
 */
public final class StripeStubs {

    public static final String SECRET_KEY = "sk_test_51UpkeepTestKey0000000000000000";
    public static final String LIVE_KEY = "sk_live_51UpkeepLiveKey0000000000000000";
    public static final String WEBHOOK_SECRET = "whsec_UpkeepTestSigningSecret000000000";

    private static final StripeObjects OBJECTS = new StripeObjects();
    private static final WireMockServer SERVER = start();

    private StripeStubs() {
    }

    private static WireMockServer start() {
        var server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").templatingEnabled(true)
                .globalTemplating(false)
                .extensions(OBJECTS));
        server.start();
        return server;
    }

    public static WireMockServer wiremock() {
        return SERVER;
    }

    public static void register(DynamicPropertyRegistry registry) {
        registry.add("upkeep.stripe.api-base", () -> "http://127.0.0.1:" + SERVER.port());
        registry.add("upkeep.stripe.max-network-retries", () -> "0");
        // Tests apply stored events themselves, on their own thread, when they choose to.
        registry.add("upkeep.stripe.worker-enabled", () -> "false");
    }

    /** The account's objects as they are now: what the app fetches. */
    public static StripeObjects objects() {
        return OBJECTS;
    }

    public static void reset(String currency) {
        SERVER.resetAll();
        OBJECTS.clear();
        SERVER.stubFor(get(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching(
                "/v1/(subscriptions|invoices|charges|disputes|refunds|payment_intents|checkout/sessions)/[A-Za-z0-9_]+"
                        + "|/v1/(refunds|disputes|charges|events|balance_transactions)"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                        .withTransformers(StripeObjects.NAME)));
        SERVER.stubFor(get("/v1/account").willReturn(okJson(body("account.json", Map.of("@CURRENCY@", currency)))));
        SERVER.stubFor(post("/v1/webhook_endpoints").willReturn(okJson(body("webhook_endpoint.json", Map.of(
                "@API_VERSION@", Stripe.API_VERSION, "@SECRET@", "whsec_CreatedByStripeForUpkeep000000",
                "@URL@", "https://upkeep.example/stripe/webhook/1")))));
        // Stripe's hosted checkout page, here on loopback so the test browser can land on it.
        SERVER.stubFor(post("/v1/checkout/sessions").willReturn(okJson(body("checkout_session.json", Map.of(
                "@PAY_URL@", "http://127.0.0.1:" + SERVER.port() + "/pay/{{randomValue length=12 type='ALPHANUMERIC'}}")))
                .withTransformers("response-template")));
        SERVER.stubFor(post("/v1/billing_portal/sessions").willReturn(okJson(body("billing_portal_session.json",
                Map.of("@PORTAL_URL@", "http://127.0.0.1:" + SERVER.port() + "/portal/session")))));
        SERVER.stubFor(get(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/portal/.*"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                        .withHeader("Content-Type", "text/html").withBody("<html><main>Stripe customer portal</main></html>")));
        SERVER.stubFor(get(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/pay/.*"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                        .withHeader("Content-Type", "text/html").withBody("<html><main>Stripe Checkout</main></html>")));
    }

    /** An event envelope as Stripe sends it, with the API version the SDK pins. */
    public static String event(String id, String type, boolean livemode, long created) {
        return body("event-checkout.session.completed.json", Map.of("@EVENT_ID@", id, "@TYPE@", type,
                "@LIVEMODE@", String.valueOf(livemode), "@CREATED@", String.valueOf(created),
                "@API_VERSION@", Stripe.API_VERSION));
    }

    /** The {@code Stripe-Signature} header Stripe would send, made by the SDK's own code. */
    public static String sign(String payload, String secret, long timestamp) {
        try {
            return Webhook.Signature.generateSignatureHeader(payload, secret, timestamp);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String body(String resource, Map<String, String> values) {
        return StubBodies.load("/stripe/" + resource, values);
    }
}
