package social.upkeep.instance.internal;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;
import social.upkeep.instance.FediverseAccount;
import social.upkeep.instance.ServerRefused;
import social.upkeep.instance.Software;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what fediverse servers answer. Pure functions of the JSON, so the conformance tests feed them the
 * published examples; anything missing that Upkeep needs is a {@link ServerRefused}, not a null later on.
 */
final class ServerJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Mastodon's permission bits (app/models/user_role.rb). */
    static final long ADMINISTRATOR = 1L;
    static final long MANAGE_USERS = 1L << 10;

    private ServerJson() {
    }

    static JsonNode parse(@Nullable String body) {
        if (body == null || body.isBlank()) {
            throw new ServerRefused("fediverse.refused.not-json", "The server answered with an empty body");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new ServerRefused("fediverse.refused.not-json", "The server did not answer with a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new ServerRefused("fediverse.refused.not-json", "The server did not answer with JSON");
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !(value.isString() || value.isNumber()) || value.asString().isBlank()) {
            throw new ServerRefused("fediverse.refused.unexpected", "The answer has no " + field);
        }
        return value.asString();
    }

    static Optional<String> optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isString() || value.asString().isBlank() ? Optional.empty()
                : Optional.of(value.asString());
    }

    /** A Mastodon-compatible account from {@code verify_credentials}, with whether it may manage users. */
    static FediverseAccount account(JsonNode node, String host, Software software) {
        String id = text(node, "id");
        String username = text(node, "username");
        String actor = optionalText(node, "uri").or(() -> optionalText(node, "url"))
                .orElseThrow(() -> new ServerRefused("fediverse.refused.unexpected", "The account has no URI"));
        return new FediverseAccount(host, id, username, actor, isAdmin(node, software));
    }

    private static boolean isAdmin(JsonNode node, Software software) {
        return switch (software) {
            case MASTODON -> {
                JsonNode role = node.get("role");
                long permissions = role == null ? 0 : parsePermissions(role.get("permissions"));
                yield (permissions & (ADMINISTRATOR | MANAGE_USERS)) != 0;
            }
            case AKKOMA -> node.path("pleroma").path("is_admin").asBoolean(false);
            case GOTOSOCIAL -> "admin".equals(node.path("role").path("name").asString(""));
            case MISSKEY -> node.path("isAdmin").asBoolean(false);
        };
    }

    private static long parsePermissions(@Nullable JsonNode value) {
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value.asString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A Misskey account from {@code /api/i} or MiAuth's check. */
    static FediverseAccount misskeyAccount(JsonNode node, String host, java.net.URI origin) {
        String id = text(node, "id");
        String username = text(node, "username");
        return new FediverseAccount(host, id, username, origin.resolve("/users/" + id).toString(),
                isAdmin(node, Software.MISSKEY));
    }

    /** The app Mastodon registered: its client id and secret. */
    static Credentials app(JsonNode node) {
        return new Credentials(text(node, "client_id"), text(node, "client_secret"));
    }

    record Credentials(String clientId, String clientSecret) {
        @Override
        public String toString() {
            return "Credentials[" + clientId + "]";
        }
    }

    /** The body as an authorisation-server document: a JSON object naming its authorisation and token endpoints. */
    static Optional<JsonNode> discoveryDocument(@Nullable String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() && node.path("authorization_endpoint").isString()
                    && node.path("token_endpoint").isString() ? Optional.of(node) : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /** The OAuth endpoints a server advertises (Mastodon 4.3+), all on the server's own host. */
    static Discovery discovery(JsonNode node, String host) {
        return new Discovery(sameHost(text(node, "authorization_endpoint"), host),
                sameHost(text(node, "token_endpoint"), host),
                optionalText(node, "revocation_endpoint").map(uri -> sameHost(uri, host)).orElse(null),
                optionalText(node, "app_registration_endpoint").map(uri -> sameHost(uri, host)).orElse(null),
                node.path("scopes_supported").valueStream().anyMatch(scope -> "profile".equals(scope.asString())),
                node.path("code_challenge_methods_supported").valueStream()
                        .anyMatch(method -> "S256".equals(method.asString())));
    }

    record Discovery(URI authorization, URI token, @Nullable URI revocation, @Nullable URI registration,
            boolean profileScope, boolean pkce) {
    }

    /** Endpoints must stay on the server that published them: a document cannot send tokens elsewhere. */
    private static URI sameHost(String uri, String host) {
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new ServerRefused("fediverse.refused.unexpected", "An endpoint is not a URL");
        }
        if (parsed.getHost() == null || !parsed.getHost().equalsIgnoreCase(host)) {
            throw new ServerRefused("fediverse.refused.unexpected", "An endpoint points to another host");
        }
        return parsed;
    }

    /** NodeInfo's link to its newest 2.x document. */
    static URI nodeInfoLink(JsonNode node) {
        String best = null;
        for (JsonNode link : node.path("links")) {
            String rel = link.path("rel").asString("");
            if (rel.startsWith("http://nodeinfo.diaspora.software/ns/schema/2.")
                    && (best == null || rel.compareTo(best.substring(0, best.indexOf(' '))) > 0)) {
                best = rel + " " + link.path("href").asString("");
            }
        }
        if (best == null) {
            throw new ServerRefused("fediverse.refused.no-nodeinfo", "The server publishes no NodeInfo 2.x");
        }
        try {
            return URI.create(best.substring(best.indexOf(' ') + 1));
        } catch (IllegalArgumentException e) {
            throw new ServerRefused("fediverse.refused.no-nodeinfo", "The NodeInfo link is not a URL");
        }
    }

    record NodeInfo(Software software, String version, OptionalInt activeMonth) {
    }

    static NodeInfo nodeInfo(JsonNode node) {
        String name = node.path("software").path("name").asString("");
        String version = node.path("software").path("version").asString("");
        if (Software.unchecked(name)) {
            throw new ServerRefused("fediverse.refused.unchecked-fork", "Upkeep was not checked against " + name);
        }
        Software software = Software.fromNodeInfo(name).orElseThrow(() -> new ServerRefused(
                "fediverse.refused.unknown-software", "Upkeep does not know the software " + name));
        if (Software.tooOld(name, version)) {
            throw new ServerRefused("fediverse.refused.too-old", name + " " + version + " is older than Upkeep needs");
        }
        JsonNode active = node.path("usage").path("users").path("activeMonth");
        return new NodeInfo(software, version,
                active.isIntegralNumber() ? OptionalInt.of(active.asInt()) : OptionalInt.empty());
    }

    /** Mastodon's {@code /api/v2/instance} {@code usage.users.active_month}. */
    static OptionalInt activeMonth(JsonNode instance) {
        JsonNode active = instance.path("usage").path("users").path("active_month");
        return active.isIntegralNumber() ? OptionalInt.of(active.asInt()) : OptionalInt.empty();
    }

    /** The scopes a token response granted (Mastodon sends them space-separated). */
    static String scopes(JsonNode token) {
        return optionalText(token, "scope").orElse("");
    }

    /** An error body: OAuth's {@code error_description} or {@code error}, or Mastodon's {@code error}. */
    static Optional<String> error(JsonNode node) {
        return optionalText(node, "error_description").or(() -> optionalText(node, "error"));
    }
}
