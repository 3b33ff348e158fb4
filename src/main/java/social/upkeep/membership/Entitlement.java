package social.upkeep.membership;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Whether a membership entitles its member to the tier (and its role on the server) at a moment, and until
 * when. Pure: the same terms, policy and moment always give the same answer.
 *
 * @param until the moment entitlement ends if nothing else happens; null while it has no end or there is none
 */
public record Entitlement(boolean entitled, @Nullable Instant until, Reason reason) {

    /** Why: pages, mail and role sync tell members which of these applies. */
    public enum Reason {
        NOT_PAID, PAID, IN_GRACE, PAID_UNTIL_CANCELLATION, COMPLIMENTARY, REFUNDED, DISPUTED, LAPSED, ENDED
    }

    public static Entitlement of(MembershipTerms terms, GracePolicy policy, Instant now) {
        Instant paidThrough = terms.paidThrough();
        return switch (terms.state()) {
            case PENDING -> no(Reason.NOT_PAID);
            case LAPSED -> no(Reason.LAPSED);
            case ENDED -> no(Reason.ENDED);
            // A renewal not yet confirmed by Stripe must not cost the member their badge: grace covers the gap.
            case ACTIVE -> paidThrough == null ? no(Reason.NOT_PAID)
                    : now.isBefore(paidThrough) ? yes(paidThrough.plus(policy.grace()), Reason.PAID)
                    : within(paidThrough.plus(policy.grace()), now, Reason.IN_GRACE, Reason.LAPSED);
            case PAST_DUE -> paidThrough == null ? no(Reason.LAPSED)
                    : within(paidThrough.plus(policy.grace()), now, Reason.IN_GRACE, Reason.LAPSED);
            case CANCELLED -> paidThrough == null ? no(Reason.ENDED)
                    : within(paidThrough, now, Reason.PAID_UNTIL_CANCELLATION, Reason.ENDED);
            case COMPLIMENTARY -> terms.complimentaryUntil() == null ? yes(null, Reason.COMPLIMENTARY)
                    : within(terms.complimentaryUntil(), now, Reason.COMPLIMENTARY, Reason.ENDED);
            case REFUNDED -> policy.refundEndsAtOnce() || paidThrough == null ? no(Reason.REFUNDED)
                    : within(paidThrough, now, Reason.PAID_UNTIL_CANCELLATION, Reason.REFUNDED);
            case DISPUTED -> policy.disputeEndsAtOnce() || paidThrough == null ? no(Reason.DISPUTED)
                    : within(paidThrough, now, Reason.PAID_UNTIL_CANCELLATION, Reason.DISPUTED);
        };
    }

    private static Entitlement within(Instant end, Instant now, Reason during, Reason after) {
        return now.isBefore(end) ? yes(end, during) : no(after);
    }

    private static Entitlement yes(@Nullable Instant until, Reason reason) {
        return new Entitlement(true, until, reason);
    }

    private static Entitlement no(Reason reason) {
        return new Entitlement(false, null, reason);
    }
}
