package social.upkeep.membership;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What entitlement depends on: the state, the end of the period paid for, and for a complimentary membership
 * its end (none: open-ended).
 */
public record MembershipTerms(MembershipState state, @Nullable Instant paidThrough,
        @Nullable Instant complimentaryUntil) {
}
