package social.upkeep.support;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The objects of the Stripe account WireMock plays, by API path ({@code /v1/charges/ch_...}), as they are now.
 * A test changes them as Stripe would; the app fetches them over HTTP like from Stripe.
 */
public final class StripeObjects implements ResponseDefinitionTransformerV2 {

    static final String NAME = "stripe-objects";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, String> objects = new ConcurrentHashMap<>();

    public void put(String path, String json) {
        objects.put(path, json);
    }

    String get(String path) {
        return objects.get(path);
    }

    /**
     * A list as Stripe answers it: the objects under {@code path} (those whose {@code field} is {@code value}, when
     * a field is given), newest first, all on one page.
     */
    private String list(String path, String field, String value) {
        ArrayNode data = JSON.createArrayNode();
        objects.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(path + "/"))
                .map(entry -> (ObjectNode) JSON.readTree(entry.getValue()))
                .filter(object -> field == null || value.equals(object.path(field).asString(null)))
                .sorted(Comparator.comparingLong((ObjectNode object) -> object.path("created").asLong())
                        .thenComparing(object -> object.path("id").asString()).reversed())
                .forEach(data::add);
        ObjectNode list = JSON.createObjectNode();
        list.put("object", "list").put("url", path).put("has_more", false).set("data", data);
        return list.toString();
    }

    void clear() {
        objects.clear();
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        var request = serveEvent.getRequest();
        String path = request.getUrl().replaceAll("\\?.*", "");
        String body = switch (path) {
            case "/v1/refunds", "/v1/disputes" -> list(path, "charge", request.queryParameter("charge").firstValue());
            case "/v1/charges" -> list(path, "customer", request.queryParameter("customer").firstValue());
            case "/v1/events", "/v1/balance_transactions" -> list(path, null, null);
            default -> objects.get(path);
        };
        if (body == null) {
            return new ResponseDefinitionBuilder().withStatus(404).withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"resource_missing\","
                            + "\"message\":\"No such object\"}}").build();
        }
        return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(body).build();
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
