package social.upkeep.membership;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One step of a membership's timeline: the state it left, the state it entered, and what caused it. */
public record MembershipChange(Instant at, @Nullable MembershipState from, MembershipState to,
        @Nullable Instant paidThrough, String cause) {
}
