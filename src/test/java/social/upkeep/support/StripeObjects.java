package social.upkeep.support;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /** One object as Stripe answers its retrieval: expandable fields only expanded when asked. */
    private String one(String path, Map<String, List<String>> query) {
        String json = objects.get(path);
        Set<String> expanded = expanded(query);
        // Parsed only when something must be collapsed: most retrievals expand what they hold.
        if (json == null || java.util.stream.Stream.concat(EXPANDABLE.stream(), INCLUDABLE.stream())
                .noneMatch(field -> json.contains("\"" + field + "\":{") && !expanded.contains(field))) {
            return json;
        }
        return collapse((ObjectNode) JSON.readTree(json), expanded, "").toString();
    }

    /**
     * A list as Stripe answers it (docs.stripe.com/api/pagination): the members whose filter field is
     * {@code value}, of the {@code type} and {@code created} range asked for, newest first, {@code limit} to a
     * page (10 unless asked), after {@code starting_after}, with {@code has_more}.
     */
    private String list(String path, String value, Map<String, List<String>> query) {
        String type = first(query, "type");
        Long gte = number(first(query, "created[gte]"));
        Long lt = number(first(query, "created[lt]"));
        List<ObjectNode> members = lists.getOrDefault(path + "?" + value, Map.of()).values().stream()
                .filter(object -> type == null || type.equals(object.path("type").asString()))
                .filter(object -> gte == null || object.path("created").asLong() >= gte)
                .filter(object -> lt == null || object.path("created").asLong() < lt)
                .sorted(Comparator.comparingLong((ObjectNode object) -> object.path("created").asLong())
                        .thenComparing(object -> object.path("id").asString()).reversed())
                .toList();
        String after = first(query, "starting_after");
        int from = 0;
        if (after != null) {
            for (int i = 0; i < members.size(); i++) {
                if (members.get(i).path("id").asString().equals(after)) {
                    from = i + 1;
                }
            }
        }
        Long limit = number(first(query, "limit"));
        int to = Math.min(members.size(), from + (limit == null ? 10 : limit.intValue()));
        ArrayNode data = JSON.createArrayNode();
        Set<String> expanded = expanded(query);
        for (ObjectNode member : members.subList(from, to)) {
            data.add(collapsing(member, expanded, "data.") ? collapse(member.deepCopy(), expanded, "data.") : member);
        }
        ObjectNode list = JSON.createObjectNode();
        list.put("object", "list").put("url", path).put("has_more", to < members.size()).set("data", data);
        return list.toString();
    }

    /**
     * Expandable fields come as ids unless the request expanded them, as Stripe sends them
     * (docs.stripe.com/api/expanding_objects): a dropped {@code expand[]} leaves the app with an id.
     */
    private static ObjectNode collapse(ObjectNode object, Set<String> expanded, String prefix) {
        for (String field : INCLUDABLE) {
            if (object.has(field) && !expanded.contains(prefix + field)) {
                object.remove(field);
            }
        }
        for (String field : EXPANDABLE) {
            if (object.get(field) instanceof ObjectNode nested && !expanded.contains(prefix + field)) {
                object.put(field, nested.path("id").asString());
            }
        }
        return object;
    }

    private static boolean collapsing(ObjectNode object, Set<String> expanded, String prefix) {
        return INCLUDABLE.stream().anyMatch(field -> object.has(field) && !expanded.contains(prefix + field))
                || EXPANDABLE.stream().anyMatch(field -> object.get(field) instanceof ObjectNode
                && !expanded.contains(prefix + field));
    }

    private static final List<String> EXPANDABLE = List.of("balance_transaction", "failure_balance_transaction");
    /** Fields Stripe leaves out unless expanded, such as an invoice's {@code payments}. */
    private static final List<String> INCLUDABLE = List.of("payments");

    /** The query's parameters, decoded; stripe-java sends lists as {@code expand[0]=...}. */
    private static Map<String, List<String>> query(String url) {
        Map<String, List<String>> query = new HashMap<>();
        int mark = url.indexOf('?');
        if (mark < 0) {
            return query;
        }
        for (String pair : url.substring(mark + 1).split("&")) {
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(key.replaceAll("^expand\\[\\d*]$", "expand[]"), k -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static Set<String> expanded(Map<String, List<String>> query) {
        return Set.copyOf(query.getOrDefault("expand[]", List.of()));
    }

    private static String first(Map<String, List<String>> query, String key) {
        List<String> values = query.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Long number(String value) {
        return value == null ? null : Long.valueOf(value);
    }

    void clear() {
        objects.clear();
        lists.clear();
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        var request = serveEvent.getRequest();
        String path = request.getUrl().replaceAll("\\?.*", "");
        Map<String, List<String>> query = query(request.getUrl());
        String field = LISTS.get(path);
        String body = field == null ? one(path, query)
                : list(path, field.isEmpty() ? "" : first(query, field), query);
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
