package social.upkeep.ledger;

/** What a ledger entry records. Money in is positive, money out negative; a reversal has the opposite sign. */
public enum EntryKind {
    INCOME, PROCESSOR_FEE, REFUND, DISPUTE, EXPENSE, GRANT_RECEIPT, MANUAL_INCOME, ADJUSTMENT;

    /** The sign an ordinary (not reversing) entry of this kind has: +1, -1, or 0 when either is fine. */
    public int sign() {
        return switch (this) {
            case INCOME, GRANT_RECEIPT, MANUAL_INCOME -> 1;
            case PROCESSOR_FEE, REFUND, DISPUTE, EXPENSE -> -1;
            case ADJUSTMENT -> 0;
        };
    }
}
