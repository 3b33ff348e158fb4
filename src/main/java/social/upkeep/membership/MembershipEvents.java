package social.upkeep.membership;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What role sync and mail listen to. Published through the JDBC event publication registry in the transaction
 * of the change, so a crash after commit loses none of them.
 */
public final class MembershipEvents {

    private MembershipEvents() {
    }

    /** The member became entitled: first payment, a complimentary grant, or back after lapsing. */
    public record MembershipActivated(long membershipId, long instanceId, long supporterId, @Nullable Long tierId,
            @Nullable Instant paidThrough) {
    }

    /** Another period was paid for (or a failed renewal was recovered). */
    public record MembershipRenewed(long membershipId, long instanceId, long supporterId, @Nullable Long tierId,
            Instant paidThrough) {
    }

    /** A renewal failed; the member stays entitled until {@code graceUntil}. */
    public record MembershipPastDue(long membershipId, long instanceId, long supporterId, @Nullable Long tierId,
            @Nullable Instant graceUntil) {
    }

    /** The grace period ended without payment. */
    public record MembershipLapsed(long membershipId, long instanceId, long supporterId, @Nullable Long tierId) {
    }

    /** Over: ended after cancellation, by an operator, by a refund or by a dispute ({@code state} says which). */
    public record MembershipEnded(long membershipId, long instanceId, long supporterId, @Nullable Long tierId,
            MembershipState state) {
    }
}
