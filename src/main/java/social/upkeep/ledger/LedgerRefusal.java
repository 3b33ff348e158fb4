package social.upkeep.ledger;

/** A booking the ledger's rules refuse. The reason maps to a message key for the operator. */
public final class LedgerRefusal extends RuntimeException {

    public enum Reason {
        WRONG_CURRENCY, WRONG_SIGN, MONTH_CLOSED, NOTHING_TO_REVERSE, ALREADY_REVERSED, MONTH_NOT_OVER, ALREADY_CLOSED;

        public String messageKey() {
            return "ledger.refused." + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private final Reason reason;

    public LedgerRefusal(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
