package social.upkeep.shared;

import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shows money the way the reader writes it: "€1,234.50" in English, "1.234,50 €" in German. For the view
 * layer only (pages use it through {@code ${{amount}}}; feeds and badges call it directly).
 */
public final class MoneyFormat {

    /** Building a currency format looks up locale data; pages print hundreds of amounts, so keep one per kind. */
    private static final Map<Locale, Map<Currency, NumberFormat>> PROTOTYPES = new ConcurrentHashMap<>();

    private MoneyFormat() {
    }

    public static String format(Money money, Locale locale) {
        NumberFormat prototype = PROTOTYPES.computeIfAbsent(locale, l -> new ConcurrentHashMap<>())
                .computeIfAbsent(money.currency(), currency -> prototype(currency, locale));
        // NumberFormat is not thread-safe: each use gets its own copy of the prepared prototype.
        return ((NumberFormat) prototype.clone()).format(money.toMajor());
    }

    private static NumberFormat prototype(Currency currency, Locale locale) {
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(currency);
        int digits = currency.getDefaultFractionDigits();
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format;
    }
}
