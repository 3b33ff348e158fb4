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

    /** The lists Stripe answers, and the field each is filtered by (none: the whole list). */
    private static final Map<String, String> LISTS = Map.of("/v1/charges", "customer", "/v1/refunds", "charge",
            "/v1/disputes", "charge", "/v1/events", "", "/v1/balance_transactions", "");

    private final Map<String, String> objects = new ConcurrentHashMap<>();
    /** Each list's members by filter value ("" for unfiltered lists), kept as objects are put. */
    private final Map<String, Map<String, ObjectNode>> lists = new ConcurrentHashMap<>();

    public void put(String path, String json) {
        objects.put(path, json);
        int slash = path.lastIndexOf('/');
        String list = path.substring(0, slash);
        String field = LISTS.get(list);
        if (field != null) {
            ObjectNode object = (ObjectNode) JSON.readTree(json);
            String value = field.isEmpty() ? "" : object.path(field).asString("");
            lists.computeIfAbsent(list + "?" + value, key -> new ConcurrentHashMap<>()).put(path, object);
        }
    }

    public String get(String path) {
        return objects.get(path);
    }

    /** A list as Stripe answers it: the members whose filter field is {@code value}, newest first, on one page. */
    private String list(String path, String value) {
        ArrayNode data = JSON.createArrayNode();
        lists.getOrDefault(path + "?" + value, Map.of()).values().stream()
                .sorted(Comparator.comparingLong((ObjectNode object) -> object.path("created").asLong())
                        .thenComparing(object -> object.path("id").asString()).reversed())
                .forEach(data::add);
        ObjectNode list = JSON.createObjectNode();
        list.put("object", "list").put("url", path).put("has_more", false).set("data", data);
        return list.toString();
    }

    void clear() {
        objects.clear();
        lists.clear();
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        var request = serveEvent.getRequest();
        String path = request.getUrl().replaceAll("\\?.*", "");
        String field = LISTS.get(path);
        String body = field == null ? objects.get(path)
                : list(path, field.isEmpty() ? "" : request.queryParameter(field).firstValue());
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
