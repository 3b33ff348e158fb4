package social.upkeep.membership;

/** Where a membership stands (DESIGN.md section 6). */
public enum MembershipState {
    /** Checkout started, nothing paid yet. */
    PENDING,
    /** Paid through a date, renewing. */
    ACTIVE,
    /** A renewal failed; still entitled during the grace period. */
    PAST_DUE,
    /** Cancelled at the end of the paid period; entitled until then. */
    CANCELLED,
    /** The grace period ended without payment. */
    LAPSED,
    /** Granted by an operator, with an optional end. */
    COMPLIMENTARY,
    /** The payment was refunded. */
    REFUNDED,
    /** The payment is disputed. */
    DISPUTED,
    /** Over: cancelled and past its period, or ended by an operator. */
    ENDED
}
