package social.upkeep.shared;

import java.util.Currency;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.validation.Errors;

/** Reads an amount a person typed into a form field, recording a clear field error instead of throwing. */
public final class AmountField {

    /** Far above any real bill or donation: 10^12 minor units. */
    public static final long LARGEST_MINOR = 1_000_000_000_000L;

    private AmountField() {
    }

    /**
     * Parses a required, positive amount. Returns null (with a field error on {@code field}) when the input is
     * empty, not a number, not positive, too precise for the currency, or absurdly large.
     */
    public static @Nullable Money positive(@Nullable String input, Currency currency, Locale locale, Errors errors,
            String field) {
        if (input == null || input.isBlank()) {
            errors.rejectValue(field, InvalidAmount.Reason.EMPTY.messageKey());
            return null;
        }
        return optionalPositive(input, currency, locale, errors, field);
    }

    /** Like {@link #positive}, but an empty field is fine and gives null. */
    public static @Nullable Money optionalPositive(@Nullable String input, Currency currency, Locale locale,
            Errors errors, String field) {
        if (input == null || input.isBlank()) {
            return null;
        }
        try {
            Money money = Money.parse(input, currency, locale);
            if (!money.isPositive()) {
                errors.rejectValue(field, "money.invalid.not-positive");
                return null;
            }
            if (money.minor() > LARGEST_MINOR) {
                errors.rejectValue(field, InvalidAmount.Reason.TOO_LARGE.messageKey());
                return null;
            }
            return money;
        } catch (InvalidAmount e) {
            errors.rejectValue(field, e.reason().messageKey(), e.messageArguments(), e.reason().messageKey());
            return null;
        }
    }
}
