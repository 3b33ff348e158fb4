package social.upkeep.membership;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The state a Stripe-paid membership is in, derived from what Stripe shows now, the periods paid for and the
 * clock. Nothing here depends on the order events arrived in: applying the same facts in any order, any number
 * of times, gives the same state.
 */
public final class Lifecycle {

    private Lifecycle() {
    }

    public static MembershipState state(String stripeStatus, boolean cancelAtPeriodEnd,
            @Nullable String cancellationReason, @Nullable Instant currentPeriodEnd, @Nullable Instant paidThrough,
            ChargeTrouble trouble, GracePolicy policy, Instant now) {
        if (trouble == ChargeTrouble.REFUNDED) {
            return MembershipState.REFUNDED;
        }
        if (trouble == ChargeTrouble.DISPUTED) {
            return MembershipState.DISPUTED;
        }
        return switch (stripeStatus) {
            case "incomplete" -> MembershipState.PENDING;
            // Active at Stripe but paid only until a date the grace period has passed: Stripe never told of the
            // failed renewal (a lost event, a paused webhook). The member lapses as they would have.
            case "active", "trialing" -> !cancelAtPeriodEnd
                    ? (paidThrough != null && !now.isBefore(paidThrough.plus(policy.grace()))
                            ? MembershipState.LAPSED : MembershipState.ACTIVE)
                    : currentPeriodEnd != null && !now.isBefore(currentPeriodEnd) ? MembershipState.ENDED
                    : MembershipState.CANCELLED;
            // Stripe keeps retrying a failed renewal; the member keeps what they had until the server's grace ends.
            case "past_due", "unpaid" -> paidThrough != null && now.isBefore(paidThrough.plus(policy.grace()))
                    ? MembershipState.PAST_DUE : MembershipState.LAPSED;
            case "paused" -> MembershipState.LAPSED;
            case "canceled" -> "payment_failed".equals(cancellationReason) ? MembershipState.LAPSED
                    : MembershipState.ENDED;
            // incomplete_expired, and anything Stripe adds later: not a paying membership.
            default -> MembershipState.ENDED;
        };
    }

    /** A complimentary membership: open-ended, or over once its end has come. */
    public static MembershipState complimentary(@Nullable Instant until, Instant now) {
        return until == null || now.isBefore(until) ? MembershipState.COMPLIMENTARY : MembershipState.ENDED;
    }
}
