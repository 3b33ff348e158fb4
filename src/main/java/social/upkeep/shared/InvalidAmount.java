package social.upkeep.shared;

import java.util.Currency;

/** What a person typed is not an amount of this currency. The reason maps to a message key for the page. */
public final class InvalidAmount extends IllegalArgumentException {

    public enum Reason {
        EMPTY, NOT_A_NUMBER, TOO_MANY_DECIMALS, TOO_LARGE;

        public String messageKey() {
            return "money.invalid." + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private final Reason reason;
    private final Currency currency;

    public InvalidAmount(Reason reason, Currency currency) {
        super(reason + " (" + currency.getCurrencyCode() + ")");
        this.reason = reason;
        this.currency = currency;
    }

    public Reason reason() {
        return reason;
    }

    /** Arguments for the message: the currency code and how many decimals it allows. */
    public Object[] messageArguments() {
        return new Object[] {currency.getCurrencyCode(), currency.getDefaultFractionDigits()};
    }
}
