package social.upkeep.rolesync.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import social.upkeep.instance.AdminAnswer;
import social.upkeep.instance.AdminCalls;
import social.upkeep.instance.ServerRefused;

/**
 * One run's admin calls to one server, kept within its rate limit: after an answer says no requests remain
 * until a reset time, no request is sent before it; a 429 pauses the run until the reset. Counts the requests
 * it sends (the cost benchmark reports them).
 */
final class RateGate {

    /** When a 429 names no reset time: Mastodon's window is five minutes. */
    private static final Duration DEFAULT_PAUSE = Duration.ofMinutes(5);

    /** The server asked Upkeep to wait: the run stops and resumes after {@code until}. */
    static final class Paused extends RuntimeException {
        final Instant until;

        Paused(Instant until) {
            super("Rate limited until " + until);
            this.until = until;
        }
    }

    /** No usable answer (5xx, timeout, unreachable, refused): worth trying again later. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String answer) {
            super(answer);
        }
    }

    private final AdminCalls calls;
    private final long instanceId;
    private final Clock clock;
    private @Nullable Instant exhaustedUntil;
    private int requests;

    RateGate(AdminCalls calls, long instanceId, Clock clock) {
        this.calls = calls;
        this.instanceId = instanceId;
        this.clock = clock;
    }

    AdminAnswer get(String pathAndQuery) {
        return send(HttpMethod.GET, pathAndQuery, null);
    }

    AdminAnswer send(HttpMethod method, String pathAndQuery, @Nullable String json) {
        Instant now = clock.instant();
        if (exhaustedUntil != null && now.isBefore(exhaustedUntil)) {
            throw new Paused(exhaustedUntil);
        }
        AdminAnswer answer;
        try {
            requests++;
            answer = calls.send(instanceId, method, pathAndQuery, json);
        } catch (ServerRefused e) {
            throw new Unavailable(e.reason());
        }
        exhaustedUntil = answer.rateRemaining().isPresent() && answer.rateRemaining().getAsInt() <= 0
                ? answer.rateReset().orElse(now.plus(DEFAULT_PAUSE)) : null;
        if (answer.status() == 429) {
            throw new Paused(answer.rateReset().filter(now::isBefore).orElse(now.plus(DEFAULT_PAUSE)));
        }
        if (answer.status() >= 500) {
            throw new Unavailable(describe(answer));
        }
        return answer;
    }

    /** An answer that should have been a success, turned into a failure worth showing the operator. */
    static Unavailable refused(AdminAnswer answer) {
        return new Unavailable(describe(answer));
    }

    static String describe(AdminAnswer answer) {
        String body = answer.body().strip();
        return "HTTP " + answer.status() + (body.isEmpty() ? "" : ": " + RoleSyncStore.truncate(body, 500));
    }

    int requests() {
        return requests;
    }
}
