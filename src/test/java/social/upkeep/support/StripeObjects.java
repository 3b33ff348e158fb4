package social.upkeep.support;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The objects of the Stripe account WireMock plays, by API path ({@code /v1/charges/ch_...}), as they are now.
 * A test changes them as Stripe would; the app fetches them over HTTP like from Stripe.
 */
public final class StripeObjects implements ResponseDefinitionTransformerV2 {

    static final String NAME = "stripe-objects";

    private final Map<String, String> objects = new ConcurrentHashMap<>();

    public void put(String path, String json) {
        objects.put(path, json);
    }

    String get(String path) {
        return objects.get(path);
    }

    boolean containsList(String path) {
        return objects.containsKey(path);
    }

    void clear() {
        objects.clear();
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        var request = serveEvent.getRequest();
        String path = request.getUrl().replaceAll("\\?.*", "");
        if (path.equals("/v1/refunds")) {
            path = path + "?charge=" + request.queryParameter("charge").firstValue();
        }
        String body = objects.get(path);
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
