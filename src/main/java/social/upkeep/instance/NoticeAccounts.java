package social.upkeep.instance;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.RestClientException;
import social.upkeep.instance.internal.FediverseCalls;
import social.upkeep.instance.internal.NoticeAccountStore;
import social.upkeep.shared.Outbound;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The account of a server that sends notices to supporters as direct messages, for other modules (the
 * notification module's outbox). The operator gives a token of that account (made in its settings, allowed to
 * post and to read its own profile); it is sealed here and never leaves the module.
 */
@Service
public class NoticeAccounts {

    /** Tokens are opaque strings of URL-safe characters on every server Upkeep knows; anything else is a typo. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.~+/=-]{8,500}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FediverseCalls calls;
    private final NoticeAccountStore store;
    private final Outbound outbound;
    private final Instances instances;
    private final Clock clock;

    NoticeAccounts(FediverseCalls calls, NoticeAccountStore store, Outbound outbound, Instances instances,
            Clock clock) {
        this.calls = calls;
        this.store = store;
        this.outbound = outbound;
        this.instances = instances;
        this.clock = clock;
    }

    /** Who sends a server's notices; {@code accountId} is the server's own id for it. */
    public record NoticeAccount(String accountId, String username, Software software, Instant connectedAt) {
    }

    public Optional<NoticeAccount> account(long instanceId) {
        return store.find(instanceId);
    }

    /**
     * Checks the token with the server (whose account it is) and keeps it sealed. Throws {@link ServerRefused}
     * with a reason an operator can read when the token is malformed or the server does not accept it.
     */
    public NoticeAccount connect(long instanceId, String token) {
        String trimmed = token == null ? "" : token.strip();
        if (!TOKEN.matcher(trimmed).matches()) {
            throw new ServerRefused("notices.token.invalid", "Not a token");
        }
        Instance server = instances.get(instanceId);
        Software software = calls.nodeInfo(server.host()).software();
        FediverseAccount account = software == Software.MISSKEY ? calls.misskeyAccount(server.host(), trimmed)
                : calls.verify(server.host(), software, trimmed);
        store.save(instanceId, software, account, trimmed, clock.instant());
        return store.find(instanceId).orElseThrow();
    }

    /**
     * Keeps the token an OAuth grant gave for the notice account (the operator connected it through the server:
     * posting, and knowing whose it is), after asking the server whose it is.
     */
    public FediverseAccount connectGranted(long instanceId, OAuthApp app, String token) {
        Instance server = instances.get(instanceId);
        if (!server.host().equals(app.host())) {
            throw new ServerRefused("fediverse.refused.unexpected", "The app belongs to another host");
        }
        FediverseAccount account = calls.verify(app, token);
        store.save(instanceId, app.software(), account, token, clock.instant());
        return account;
    }

    /** Keeps the token a Misskey server gave through MiAuth for the notice account. */
    public void connectGranted(long instanceId, FediverseServers.MiAuthGrant grant) {
        store.save(instanceId, Software.MISSKEY, grant.account(), grant.token(), clock.instant());
    }

    public void disconnect(long instanceId) {
        store.delete(instanceId);
    }

    /**
     * Sends {@code text} as a direct message to {@code recipient} ({@code @user@host}, mentioned at its start):
     * a {@code direct} status on Mastodon, Akkoma and GoToSocial, with {@code Idempotency-Key} (Mastodon's
     * PostStatusService keeps it an hour per account: a repeated call posts nothing twice); a {@code specified}
     * note visible to that user on Misskey (endpoints/notes/create.ts: {@code visibility}, {@code visibleUserIds},
     * kind {@code write:notes}). Any HTTP status comes back as an {@link AdminAnswer}; no answer at all throws
     * {@link ServerRefused}.
     */
    public AdminAnswer sendDirect(long instanceId, String recipient, String text, String language,
            String idempotencyKey) {
        NoticeAccount account = store.find(instanceId)
                .orElseThrow(() -> new ServerRefused("notices.not-connected", "No notice account"));
        String token = store.token(instanceId).orElseThrow();
        String host = instances.get(instanceId).host();
        URI origin = outbound.origin(host);
        String message = recipient + " " + text;
        if (account.software() != Software.MISSKEY) {
            return post(origin.resolve("/api/v1/statuses"), token, Map.of("status", message, "visibility", "direct",
                    "language", language), idempotencyKey);
        }
        String[] parts = recipient.substring(1).split("@", 2);
        boolean local = parts.length < 2 || parts[1].equalsIgnoreCase(host);
        var lookup = new java.util.HashMap<String, Object>();
        lookup.put("username", parts[0]);
        lookup.put("host", local ? null : parts[1]);
        AdminAnswer user = post(origin.resolve("/api/users/show"), token, lookup, null);
        if (!user.ok()) {
            return user;
        }
        String userId = JSON.readTree(user.body()).path("id").asString("");
        return post(origin.resolve("/api/notes/create"), token, Map.of("text", message, "visibility", "specified",
                "visibleUserIds", List.of(userId)), null);
    }

    /** Who may read a published post: everyone on its timelines, or everyone who looks (not on public timelines). */
    public enum Visibility { PUBLIC, UNLISTED }

    /**
     * Publishes {@code text} from the server's notice account: a {@code public} or {@code unlisted} status on
     * Mastodon, Akkoma and GoToSocial, with {@code Idempotency-Key} and {@code language}; on Misskey a note,
     * {@code public} or {@code home} (Misskey's visibility for "not on public timelines", endpoints/notes/create.ts).
     * Any HTTP status comes back as an {@link AdminAnswer}; no answer at all throws {@link ServerRefused}.
     */
    public AdminAnswer publish(long instanceId, String text, Visibility visibility, String language,
            String idempotencyKey) {
        NoticeAccount account = store.find(instanceId)
                .orElseThrow(() -> new ServerRefused("notices.not-connected", "No notice account"));
        String token = store.token(instanceId).orElseThrow();
        URI origin = outbound.origin(instances.get(instanceId).host());
        if (account.software() != Software.MISSKEY) {
            return post(origin.resolve("/api/v1/statuses"), token, Map.of("status", text, "visibility",
                    visibility == Visibility.PUBLIC ? "public" : "unlisted", "language", language), idempotencyKey);
        }
        return post(origin.resolve("/api/notes/create"), token, Map.of("text", text, "visibility",
                visibility == Visibility.PUBLIC ? "public" : "home"), null);
    }

    private AdminAnswer post(URI target, String token, Map<String, ?> body, @Nullable String idempotencyKey) {
        try {
            var request = outbound.client().post().uri(target).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .accept(MediaType.APPLICATION_JSON).contentType(MediaType.APPLICATION_JSON)
                    .body(JSON.writeValueAsString(body));
            if (idempotencyKey != null) {
                request = request.header("Idempotency-Key", idempotencyKey);
            }
            return request.exchange((req, response) -> new AdminAnswer(response.getStatusCode().value(),
                    StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8), java.util.OptionalInt.empty(),
                    retryAfter(response.getHeaders()), null));
        } catch (RestClientException e) {
            Outbound.Failure failure = Outbound.classify(e);
            throw new ServerRefused(failure.messageKey(), "Notice not sent: " + failure, e);
        }
    }

    /** {@code Retry-After} in seconds (a proxy in front of the server), else Mastodon's rate-limit reset. */
    private Optional<Instant> retryAfter(HttpHeaders headers) {
        String seconds = headers.getFirst(HttpHeaders.RETRY_AFTER);
        if (seconds != null && seconds.strip().matches("\\d{1,6}")) {
            return Optional.of(clock.instant().plusSeconds(Long.parseLong(seconds.strip())));
        }
        return AdminCalls.reset(headers);
    }
}
