package social.upkeep.instance.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;
import social.upkeep.instance.FediverseAccount;
import social.upkeep.instance.OAuthApp;
import social.upkeep.instance.ServerRefused;
import social.upkeep.instance.Software;
import social.upkeep.shared.Outbound;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The calls Upkeep makes to a fediverse server, all through the {@link Outbound} client. Errors come out as
 * {@link ServerRefused} with a reason an operator can read; no token, secret or request body is put in one.
 */
@Component
class ServerApi {

    private final Outbound outbound;

    ServerApi(Outbound outbound) {
        this.outbound = outbound;
    }

    URI origin(String host) {
        return outbound.origin(host);
    }

    ServerJson.NodeInfo nodeInfo(String host) {
        JsonNode links = call(() -> outbound.client().get().uri(origin(host).resolve("/.well-known/nodeinfo"))
                .accept(MediaType.APPLICATION_JSON).retrieve().body(String.class), "fediverse.refused.no-nodeinfo");
        URI document = ServerJson.nodeInfoLink(links);
        return ServerJson.nodeInfo(call(() -> outbound.client().get().uri(document)
                .accept(MediaType.APPLICATION_JSON).retrieve().body(String.class), "fediverse.refused.no-nodeinfo"));
    }

    /**
     * The server's OAuth metadata (Mastodon 4.3+), or the classic endpoints where it has none. Anything but a JSON
     * authorisation-server document means none: Mastodon before 4.3 and GoToSocial answer 404, Akkoma and Pleroma
     * 200 with their web app's HTML (the catch-all `get("/*path", RedirectController, :redirector)` in
     * lib/pleroma/web/router.ex).
     */
    ServerJson.Discovery discover(String host) {
        URI origin = origin(host);
        ServerJson.Discovery classic = new ServerJson.Discovery(origin.resolve("/oauth/authorize"),
                origin.resolve("/oauth/token"), origin.resolve("/oauth/revoke"), origin.resolve("/api/v1/apps"),
                false, false);
        String body;
        try {
            body = outbound.client().get().uri(origin.resolve("/.well-known/oauth-authorization-server"))
                    .accept(MediaType.APPLICATION_JSON).retrieve().body(String.class);
        } catch (HttpClientErrorException e) {
            if (e.getStatusCode().value() != HttpStatus.NOT_FOUND.value()) {
                throw refusal(e, "fediverse.refused.unexpected");
            }
            return classic;
        } catch (RestClientException e) {
            throw refusal(e, "fediverse.refused.unexpected");
        }
        return ServerJson.discoveryDocument(body).map(document -> ServerJson.discovery(document, host))
                .orElse(classic);
    }

    ServerJson.Credentials register(URI endpoint, URI redirectUri, String scopes, String website) {
        var form = new LinkedMultiValueMap<String, String>();
        form.add("client_name", "Upkeep");
        form.add("redirect_uris", redirectUri.toString());
        form.add("scopes", scopes);
        form.add("website", website);
        return ServerJson.app(call(() -> outbound.client().post().uri(endpoint)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(form)
                .retrieve().body(String.class), "fediverse.refused.registration"));
    }

    /**
     * Whether the server still knows the app: Mastodon 4.2 deleted apps nobody used. A client credentials request
     * for an unknown client answers 401 on Mastodon, 400 {@code invalid_client} on GoToSocial and 400
     * {@code Invalid credentials} on Akkoma (DESIGN.md section 7); any app token it hands out is revoked at once.
     */
    boolean knowsClient(OAuthApp app) {
        var form = new LinkedMultiValueMap<String, String>();
        form.add("grant_type", "client_credentials");
        form.add("client_id", app.clientId());
        form.add("client_secret", app.clientSecret());
        form.add("scope", app.signInScopes());
        try {
            String body = outbound.client().post().uri(app.tokenEndpoint())
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(form).retrieve().body(String.class);
            ServerJson.optionalText(ServerJson.parse(body), "access_token").ifPresent(token -> revoke(app, token));
            return true;
        } catch (HttpClientErrorException e) {
            if (e.getStatusCode().value() == HttpStatus.UNAUTHORIZED.value()) {
                return false;
            }
            String error = e.getStatusCode().value() == HttpStatus.BAD_REQUEST.value()
                    ? ServerJson.optionalText(parsedOrEmpty(e.getResponseBodyAsString()), "error").orElse("") : "";
            return !error.equals("invalid_client") && !error.equals("Invalid credentials");
        } catch (RestClientException | ServerRefused e) {
            return true; // cannot tell; the sign-in itself will say what is wrong
        }
    }

    private static JsonNode parsedOrEmpty(String body) {
        try {
            return ServerJson.parse(body);
        } catch (ServerRefused e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }

    FediverseAccount verify(String host, Software software, String token) {
        return ServerJson.account(call(() -> outbound.client().get()
                .uri(origin(host).resolve("/api/v1/accounts/verify_credentials"))
                .header("Authorization", "Bearer " + token).accept(MediaType.APPLICATION_JSON)
                .retrieve().body(String.class), "fediverse.refused.token-rejected"), host, software);
    }

    /** MiAuth's last step: the token the person granted for this session, if they did. */
    String miAuthToken(String host, String session) {
        JsonNode answer = call(() -> outbound.client().post().uri(origin(host).resolve("/api/miauth/" + session + "/check"))
                .contentType(MediaType.APPLICATION_JSON).body("{}").retrieve().body(String.class),
                "fediverse.refused.token-rejected");
        if (!answer.path("ok").asBoolean(false)) {
            throw new ServerRefused("signin.failed.denied", "MiAuth was not granted");
        }
        return ServerJson.text(answer, "token");
    }

    /** Misskey's own account, with its admin flag: {@code POST /api/i}. */
    FediverseAccount misskeyAccount(String host, String token) {
        return ServerJson.misskeyAccount(call(() -> outbound.client().post().uri(origin(host).resolve("/api/i"))
                .header("Authorization", "Bearer " + token).contentType(MediaType.APPLICATION_JSON).body("{}")
                .retrieve().body(String.class), "fediverse.refused.token-rejected"), host, origin(host));
    }

    /** Revokes a token; false when the server could not be told. */
    boolean revoke(OAuthApp app, String token) {
        var form = new LinkedMultiValueMap<String, String>();
        form.add("token", token);
        form.add("client_id", app.clientId());
        form.add("client_secret", app.clientSecret());
        try {
            outbound.client().post().uri(app.revocationEndpoint()).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .body(form).retrieve().toBodilessEntity();
            return true;
        } catch (RestClientException e) {
            return false;
        }
    }

    /** Monthly active users: Mastodon's instance API, NodeInfo elsewhere. */
    OptionalInt activeMonth(String host, Software software) {
        if (software == Software.MASTODON) {
            return ServerJson.activeMonth(call(() -> outbound.client().get().uri(origin(host).resolve("/api/v2/instance"))
                    .accept(MediaType.APPLICATION_JSON).retrieve().body(String.class), "fediverse.refused.unexpected"));
        }
        return nodeInfo(host).activeMonth();
    }

    /**
     * The address of the server's own picture: Mastodon's {@code thumbnail.url} in {@code /api/v2/instance}
     * (docs.joinmastodon.org/entities/Instance/#thumbnail-url), Misskey's {@code iconUrl} in {@code POST /api/meta};
     * none for the others (their operator can upload one).
     */
    Optional<URI> thumbnail(String host, Software software) {
        JsonNode answer = switch (software) {
            case MASTODON -> call(() -> outbound.client().get().uri(origin(host).resolve("/api/v2/instance"))
                    .accept(MediaType.APPLICATION_JSON).retrieve().body(String.class), "fediverse.refused.unexpected")
                    .path("thumbnail");
            case MISSKEY -> call(() -> outbound.client().post().uri(origin(host).resolve("/api/meta"))
                    .contentType(MediaType.APPLICATION_JSON).body("{\"detail\":false}").accept(MediaType.APPLICATION_JSON)
                    .retrieve().body(String.class), "fediverse.refused.unexpected");
            default -> null;
        };
        if (answer == null) {
            return Optional.empty();
        }
        return ServerJson.optionalText(answer, software == Software.MISSKEY ? "iconUrl" : "url")
                .flatMap(ServerApi::httpUri);
    }

    /** An image's bytes, within the outbound caps (size, time, public addresses only). */
    byte[] image(URI uri) {
        try {
            byte[] body = outbound.client().get().uri(uri).accept(MediaType.IMAGE_PNG, MediaType.IMAGE_JPEG,
                    MediaType.valueOf("image/webp"), MediaType.IMAGE_GIF).retrieve().body(byte[].class);
            return body == null ? new byte[0] : body;
        } catch (RestClientException e) {
            throw refusal(e, "fediverse.refused.unexpected");
        }
    }

    private static Optional<URI> httpUri(String text) {
        try {
            URI uri = URI.create(text);
            return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** WebFinger: the host of the actor behind {@code user@domain} (the account's domain may differ from it). */
    String webFingerHost(String user, String domain) {
        String host = URI.create(webFingerActor(user, domain)).getHost();
        if (host == null) {
            throw new ServerRefused("fediverse.refused.no-such-account", "WebFinger named no actor");
        }
        return host.toLowerCase(Locale.ROOT);
    }

    /** WebFinger's {@code self} link for {@code user@domain}: the account's actor URI. */
    String webFingerActor(String user, String domain) {
        URI uri = UriComponentsBuilder.fromUri(origin(domain))
                .path("/.well-known/webfinger").queryParam("resource", "acct:" + user + "@" + domain)
                .encode().build().toUri();
        JsonNode links = call(() -> outbound.client().get().uri(uri)
                .accept(MediaType.valueOf("application/jrd+json"), MediaType.APPLICATION_JSON)
                .retrieve().body(String.class), "fediverse.refused.no-such-account");
        for (JsonNode link : links.path("links")) {
            String href = link.path("href").asString("");
            if ("self".equals(link.path("rel").asString("")) && href.startsWith("http")) {
                try {
                    if (URI.create(href).getHost() != null) {
                        return href;
                    }
                } catch (IllegalArgumentException e) {
                    // not a URL: look on
                }
            }
        }
        throw new ServerRefused("fediverse.refused.no-such-account", "WebFinger named no actor");
    }

    /** Runs a call, turning any failure into a reason an operator can read. */
    private static JsonNode call(Supplier<@Nullable String> request, String statusReason) {
        try {
            return ServerJson.parse(request.get());
        } catch (RestClientException e) {
            throw refusal(e, statusReason);
        }
    }

    static ServerRefused refusal(RestClientException e, String statusReason) {
        Outbound.Failure failure = Outbound.classify(e);
        String reason = failure == Outbound.Failure.UNAUTHORISED || failure == Outbound.Failure.REJECTED
                ? statusReason : failure.messageKey();
        return new ServerRefused(reason, "Server call failed: " + failure, e);
    }
}
