package social.upkeep.support;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Akkoma's admin users API over the local users of one stub server, as it behaves:
 * <ul>
 *   <li>{@code PUT} / {@code DELETE /api/v1/pleroma/admin/users/tag} with {@code {nicknames, tags}} answer 204 and
 *       store tags normalised: trimmed, lower-cased, runs of spaces made one, quotes removed (the tag changeset's
 *       {@code normalize_tags}, see DESIGN.md section 7);</li>
 *   <li>{@code GET /api/v1/pleroma/admin/users?filters=local&tags[]=} matches tags exactly, case-sensitive
 *       (lib/pleroma/user/query.ex, {@code compose_query({:tags, tags}, query)}:
 *       {@code fragment("? && ?", u.tags, ^tags)});</li>
 *   <li>{@code GET /api/v1/pleroma/admin/users/:nickname} shows one user with its tags, 404 if none.</li>
 * </ul>
 * No rate-limit headers: Akkoma sends none.
 */
public final class AkkomaAdmin implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "akkoma-admin";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, Set<String>> users = new ConcurrentHashMap<>();

    public void clear() {
        users.clear();
    }

    /** A local user holding {@code tags} as the server stores them. */
    public void user(String nickname, String... tags) {
        users.put(nickname.toLowerCase(Locale.ROOT), new LinkedHashSet<>(List.of(tags)));
    }

    public Set<String> tags(String nickname) {
        return Set.copyOf(users.getOrDefault(nickname.toLowerCase(Locale.ROOT), Set.of()));
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        var request = serveEvent.getRequest();
        String path = request.getUrl().replaceAll("\\?.*", "");
        String method = request.getMethod().getName();
        if (path.equals("/api/v1/pleroma/admin/users/tag") && (method.equals("PUT") || method.equals("DELETE"))) {
            JsonNode body = JSON.readTree(request.getBodyAsString());
            for (JsonNode nickname : body.path("nicknames")) {
                Set<String> held = users.get(nickname.asString().toLowerCase(Locale.ROOT));
                if (held == null) {
                    continue;
                }
                for (JsonNode tag : body.path("tags")) {
                    String stored = tag.asString().strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ")
                            .replaceAll("[\"'`]", "");
                    if (method.equals("PUT")) {
                        held.add(stored);
                    } else {
                        held.remove(stored);
                    }
                }
            }
            return ResponseDefinitionBuilder.responseDefinition().withStatus(204).build();
        }
        if (path.equals("/api/v1/pleroma/admin/users")) {
            List<String> wanted = request.queryParameter("tags[]").isPresent()
                    ? request.queryParameter("tags[]").values() : List.of();
            int pageSize = Integer.parseInt(request.queryParameter("page_size").firstValue());
            int page = Integer.parseInt(request.queryParameter("page").firstValue());
            List<String> matching = users.entrySet().stream()
                    .filter(user -> wanted.isEmpty() || user.getValue().stream().anyMatch(wanted::contains))
                    .map(Map.Entry::getKey).sorted().toList();
            List<String> bodies = new ArrayList<>();
            for (String nickname : matching.subList(Math.min(matching.size(), (page - 1) * pageSize),
                    Math.min(matching.size(), page * pageSize))) {
                bodies.add(user(nickname));
            }
            return json(200, "{\"count\": " + matching.size() + ", \"page_size\": " + pageSize + ", \"users\": ["
                    + String.join(",", bodies) + "]}");
        }
        String nickname = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return users.containsKey(nickname) ? json(200, user(nickname)) : json(404, "{\"error\": \"Not found\"}");
    }

    private String user(String nickname) {
        String tags = users.get(nickname).stream().map(tag -> "\"" + tag + "\"").collect(Collectors.joining(", "));
        return "{\"id\": \"A" + Math.abs(nickname.hashCode()) + "\", \"nickname\": \"" + nickname
                + "\", \"local\": true, \"is_active\": true, \"tags\": [" + tags + "]}";
    }

    private static ResponseDefinition json(int status, String body) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody(body).build();
    }
}
