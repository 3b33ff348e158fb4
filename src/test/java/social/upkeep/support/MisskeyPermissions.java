package social.upkeep.support;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Misskey's permission check, on every request to the stub Misskey: a token holds the permissions asked for in
 * the MiAuth session that made it ({@code /miauth/{session}?permission=a,b}), and each admin endpoint needs its
 * own permission exactly, else 403 {@code PERMISSION_DENIED} (packages/backend/src/server/api/ApiCallService.ts
 * compares the token's permissions with the endpoint's {@code kind}; the kinds are those in
 * packages/backend/src/server/api/endpoints/admin/show-user.ts, admin/roles/list.ts, users.ts, assign.ts,
 * unassign.ts). The error's code and status follow ApiCallService.ts; its message text was not checked.
 */
public final class MisskeyPermissions implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "misskey-permissions";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> KIND = Map.of(
            "/api/admin/show-user", "read:admin:show-user",
            "/api/admin/roles/list", "read:admin:roles",
            "/api/admin/roles/users", "read:admin:roles",
            "/api/admin/roles/assign", "write:admin:roles",
            "/api/admin/roles/unassign", "write:admin:roles");

    private final String host;
    private final Supplier<WireMockServer> server;
    private final Map<String, Set<String>> granted = new ConcurrentHashMap<>();

    MisskeyPermissions(String host, Supplier<WireMockServer> server) {
        this.host = host;
        this.server = server;
    }

    public void clear() {
        granted.clear();
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return true;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        var request = serveEvent.getRequest();
        ResponseDefinition response = serveEvent.getResponseDefinition();
        if (!host.equals(request.getHost())) {
            return response;
        }
        String path = request.getUrl().replaceAll("\\?.*", "");
        if (path.matches("/api/miauth/[0-9a-f-]{36}/check") && response.getBody() != null) {
            // The token the session hands out holds what that session asked for.
            String session = path.split("/")[3];
            JsonNode answer = JSON.readTree(response.getBody());
            var asked = server.get().findAll(getRequestedFor(urlPathEqualTo("/miauth/" + session)));
            if (answer.path("token").isString() && !asked.isEmpty()) {
                granted.put(answer.path("token").asString(), Set.copyOf(Arrays.asList(
                        asked.get(0).queryParameter("permission").firstValue().split(","))));
            }
            return response;
        }
        String kind = KIND.get(path);
        if (kind == null) {
            return response;
        }
        String token = request.getHeader("Authorization") == null ? ""
                : request.getHeader("Authorization").replaceFirst("^Bearer ", "");
        if (granted.getOrDefault(token, Set.of()).contains(kind)) {
            return response;
        }
        return ResponseDefinitionBuilder.responseDefinition().withStatus(403)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"error\": {\"message\": \"Your app does not have the necessary permissions to use this "
                        + "endpoint.\", \"code\": \"PERMISSION_DENIED\", \"kind\": \"permission\"}}")
                .build();
    }
}
