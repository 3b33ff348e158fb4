package social.upkeep.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.stripe.model.Account;
import com.stripe.model.WebhookEndpoint;
import com.stripe.net.ApiResource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stripe's own example objects ({@code ../shared/fixtures/stripe/fixtures3.json}) read by the code Upkeep uses on
 * Stripe's answers: the SDK for the account and webhook endpoint, {@link EventEnvelope} for events. Skips, saying
 * so, only when that folder is not beside the checkout.
 */
class StripeFixturesConformanceTest {

    private static final Path FIXTURES = Path.of(System.getProperty("upkeep.shared.dir", "../shared"), "fixtures",
            "stripe", "fixtures3.json");
    private static JsonNode resources;

    @BeforeAll
    static void fixturesPresent() throws IOException {
        assumeThat(Files.isRegularFile(FIXTURES))
                .as("../shared/fixtures/stripe/fixtures3.json is not beside the checkout; conformance tests skipped")
                .isTrue();
        resources = JsonMapper.builder().build().readTree(Files.readString(FIXTURES)).get("resources");
    }

    private static String resource(String type) {
        JsonNode node = resources.get(type);
        assertThat(node).as(type).isNotNull();
        return node.toString();
    }

    @Test
    void theExampleAccountNamesItsSettlementCurrency() {
        Account account = ApiResource.GSON.fromJson(resource("account"), Account.class);
        assertThat(account.getId()).startsWith("acct_");
        assertThat(account.getDefaultCurrency()).isNotBlank().hasSize(3);
    }

    @Test
    void theExampleWebhookEndpointCarriesItsSigningSecretField() {
        WebhookEndpoint endpoint = ApiResource.GSON.fromJson(resource("webhook_endpoint"), WebhookEndpoint.class);
        assertThat(endpoint.getId()).startsWith("we_");
        assertThat(endpoint.getUrl()).isNotBlank();
    }

    @Test
    void theExampleEventIsReadByIntake() {
        var envelope = EventEnvelope.read(resource("event").getBytes(StandardCharsets.UTF_8));
        assertThat(envelope).hasValueSatisfying(event -> {
            assertThat(event.id()).startsWith("evt_");
            assertThat(event.type()).isEqualTo(resources.get("event").get("type").asString());
            assertThat(event.livemode()).isFalse();
        });
    }

    @Test
    void objectsThatAreNotEventsAreNotTakenForOne() {
        for (String type : new String[] {"charge", "invoice", "subscription", "checkout.session"}) {
            assertThat(EventEnvelope.read(resource(type).getBytes(StandardCharsets.UTF_8))).as(type).isEmpty();
        }
    }
}
