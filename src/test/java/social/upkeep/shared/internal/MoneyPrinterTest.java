package social.upkeep.shared.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import social.upkeep.shared.Money;

class MoneyPrinterTest {

    final MoneyPrinter printer = new MoneyPrinter();

    @Test
    void showsMoneyTheWayTheReaderWritesIt() {
        assertThat(printer.print(Money.of(123450, "EUR"), Locale.ENGLISH)).isEqualTo("€1,234.50");
        assertThat(printer.print(Money.of(123450, "EUR"), Locale.GERMANY)).isEqualTo("1.234,50\u00a0€");
        assertThat(printer.print(Money.of(-500, "USD"), Locale.US)).isEqualTo("-$5.00");
    }

    @Test
    void showsEachCurrencysOwnDecimals() {
        assertThat(printer.print(Money.of(1500, "JPY"), Locale.ENGLISH)).isEqualTo("¥1,500");
        assertThat(printer.print(Money.of(1500, "KWD"), Locale.ENGLISH)).isEqualTo("KWD1.500");
        assertThat(printer.print(Money.of(1500, "JPY"), Locale.GERMANY)).isEqualTo("1.500\u00a0¥");
    }
}
