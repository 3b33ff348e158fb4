package social.upkeep.shared;

import java.util.Currency;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Reads a currency code a person typed: "eur", " EUR " are EUR; metals, funds and nonsense are not money. */
public final class Currencies {

    private Currencies() {
    }

    public static Optional<Currency> parse(@Nullable String code) {
        if (code == null) {
            return Optional.empty();
        }
        try {
            Currency currency = Currency.getInstance(code.strip().toUpperCase(Locale.ROOT));
            return currency.getDefaultFractionDigits() < 0 ? Optional.empty() : Optional.of(currency);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
