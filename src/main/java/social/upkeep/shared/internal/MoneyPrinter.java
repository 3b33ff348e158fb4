package social.upkeep.shared.internal;

import java.util.Locale;
import org.springframework.format.Printer;
import social.upkeep.shared.Money;
import social.upkeep.shared.MoneyFormat;

/** Lets templates print money with {@code ${{amount}}}, in the reader's locale. */
class MoneyPrinter implements Printer<Money> {

    @Override
    public String print(Money money, Locale locale) {
        return MoneyFormat.format(money, locale);
    }
}
