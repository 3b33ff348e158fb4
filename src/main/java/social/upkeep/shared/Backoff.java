package social.upkeep.shared;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** When to try a message to a fediverse server again: 1, 2, 4 … minutes, at most 6 hours, or later if it says so. */
public final class Backoff {

    private Backoff() {
    }

    /** The next attempt after {@code attempts} failed ones; {@code serverSays}: its rate-limit reset, if later. */
    public static Instant next(int attempts, @Nullable Instant serverSays, Instant now) {
        Instant backoff = now.plus(Duration.ofMinutes(Math.min(360, 1L << Math.min(attempts, 9))));
        return serverSays != null && serverSays.isAfter(backoff) ? serverSays : backoff;
    }
}
