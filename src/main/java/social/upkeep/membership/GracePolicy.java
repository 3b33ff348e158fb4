package social.upkeep.membership;

import java.time.Duration;

/**
 * A server's grace settings: how long a member whose renewal failed keeps what they had, and whether a refund
 * or a dispute ends entitlement at once (the default) or at the end of the period already paid for.
 */
public record GracePolicy(Duration grace, boolean refundEndsAtOnce, boolean disputeEndsAtOnce) {

    public static final GracePolicy DEFAULT = new GracePolicy(Duration.ofDays(14), true, true);

    public GracePolicy {
        if (grace.isNegative() || grace.compareTo(Duration.ofDays(90)) > 0) {
            throw new IllegalArgumentException("Grace is between 0 and 90 days");
        }
    }
}
