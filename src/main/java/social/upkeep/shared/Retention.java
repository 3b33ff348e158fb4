package social.upkeep.shared;

import java.time.Duration;
import java.time.Period;

/**
 * How long personal data is kept, set per deployment ({@code UPKEEP_RETENTION_*}): mail and direct message bodies
 * after sending, Stripe event payloads after receipt (their ids stay), and supporters with nothing paid, no
 * membership and no sign-in for {@code inactiveSupporters} before they are erased. Used or expired sign-in links
 * and throttle rows go after a day.
 */
public record Retention(Duration messageBodies, Duration stripePayloads, Period inactiveSupporters) {

    public static final Duration SIGN_IN_TRACES = Duration.ofDays(1);

    public Retention {
        if (messageBodies.isNegative() || messageBodies.isZero() || stripePayloads.isNegative()
                || stripePayloads.isZero() || inactiveSupporters.isNegative() || inactiveSupporters.isZero()) {
            throw new IllegalArgumentException("Retention periods must be positive");
        }
    }
}
