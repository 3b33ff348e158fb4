package social.upkeep.instance;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.RestClientException;
import social.upkeep.instance.internal.FediverseCalls;
import social.upkeep.shared.Outbound;

/**
 * Admin API calls to a connected server with its sealed token, for other modules (role sync). The token is
 * opened here and never leaves the module. Any HTTP status comes back as an {@link AdminAnswer}; only a call
 * that got no answer (timeout, unreachable, refused address) throws {@link ServerRefused}.
 */
@Service
public class AdminCalls {

    private final FediverseCalls calls;
    private final Outbound outbound;
    private final Instances instances;
    private final Clock clock;

    AdminCalls(FediverseCalls calls, Outbound outbound, Instances instances, Clock clock) {
        this.calls = calls;
        this.outbound = outbound;
        this.instances = instances;
        this.clock = clock;
    }

    /** {@code pathAndQuery} relative to the server's origin ({@code /api/v2/admin/accounts?…}) or an absolute
     * address on the same host (a {@code Link} header's next page). */
    public AdminAnswer get(long instanceId, String pathAndQuery) {
        return send(instanceId, HttpMethod.GET, pathAndQuery, null);
    }

    public AdminAnswer send(long instanceId, HttpMethod method, String pathAndQuery, @Nullable String json) {
        String host = instances.get(instanceId).host();
        String token = calls.token(instanceId)
                .orElseThrow(() -> new ServerRefused("rolesync.not-connected", "The server is not connected"));
        URI origin = outbound.origin(host);
        URI target = origin.resolve(pathAndQuery);
        if (!origin.getHost().equalsIgnoreCase(target.getHost())) {
            throw new ServerRefused("outbound.failure.refused-address", "A page on another host");
        }
        try {
            var request = outbound.client().method(method).uri(target)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).accept(MediaType.APPLICATION_JSON);
            if (json != null) {
                request = request.contentType(MediaType.APPLICATION_JSON).body(json);
            }
            AdminAnswer answer = request.exchange((req, response) -> new AdminAnswer(response.getStatusCode().value(),
                    StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8),
                    remaining(response.getHeaders()), reset(response.getHeaders()),
                    response.getHeaders().getFirst(HttpHeaders.LINK)));
            if (answer.status() == 403 && answer.body().contains("PERMISSION_DENIED")) {
                // Misskey: the token lacks this endpoint's permission (ApiCallService.ts); connecting again asks it.
                calls.failed(instanceId, "fediverse.refused.permission", true, clock.instant());
            } else if (answer.status() == 401 || answer.status() == 403) {
                calls.failed(instanceId, Outbound.Failure.UNAUTHORISED.messageKey(), true, clock.instant());
            } else if (answer.ok()) {
                calls.succeeded(instanceId, clock.instant());
            }
            return answer;
        } catch (RestClientException e) {
            Outbound.Failure failure = Outbound.classify(e);
            throw new ServerRefused(failure.messageKey(), "Admin call failed: " + failure, e);
        }
    }

    private static OptionalInt remaining(HttpHeaders headers) {
        try {
            String value = headers.getFirst("X-RateLimit-Remaining");
            return value == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** Mastodon sends an ISO 8601 time; some servers send epoch seconds. */
    static Optional<Instant> reset(HttpHeaders headers) {
        String value = headers.getFirst("X-RateLimit-Reset");
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.strip()).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(Instant.ofEpochSecond(Long.parseLong(value.strip())));
            } catch (NumberFormatException ignored) {
                return Optional.empty();
            }
        }
    }
}
