package social.upkeep.shared;

import java.text.NumberFormat;
import java.util.Locale;

/**
 * Shows money the way the reader writes it: "€1,234.50" in English, "1.234,50 €" in German. For the view
 * layer only (pages use it through {@code ${{amount}}}; feeds and badges call it directly).
 */
public final class MoneyFormat {

    private MoneyFormat() {
    }

    public static String format(Money money, Locale locale) {
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(money.currency());
        int digits = money.currency().getDefaultFractionDigits();
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(money.toMajor());
    }
}
