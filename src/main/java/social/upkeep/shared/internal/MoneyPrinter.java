package social.upkeep.shared.internal;

import java.text.NumberFormat;
import java.util.Locale;
import org.springframework.format.Printer;
import social.upkeep.shared.Money;

/** Shows money the way the reader writes it: "€1,234.50" in English, "1.234,50 €" in German. */
class MoneyPrinter implements Printer<Money> {

    @Override
    public String print(Money money, Locale locale) {
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(money.currency());
        int digits = money.currency().getDefaultFractionDigits();
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(money.toMajor());
    }
}
