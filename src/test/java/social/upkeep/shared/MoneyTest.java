package social.upkeep.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyTest {

    static final Currency EUR = Currency.getInstance("EUR");
    static final Currency JPY = Currency.getInstance("JPY");
    static final Currency KWD = Currency.getInstance("KWD");

    @Test
    void addsSubtractsAndMultipliesExactly() {
        var a = Money.of(1050, "EUR");
        var b = Money.of(-275, "EUR");
        assertThat(a.plus(b)).isEqualTo(Money.of(775, "EUR"));
        assertThat(a.minus(b)).isEqualTo(Money.of(1325, "EUR"));
        assertThat(a.times(3)).isEqualTo(Money.of(3150, "EUR"));
        assertThat(b.negate()).isEqualTo(Money.of(275, "EUR"));
        assertThat(b.isNegative()).isTrue();
        assertThat(Money.zero(EUR).isZero()).isTrue();
        assertThat(a.compareTo(b)).isPositive();
    }

    @Test
    void refusesToMixCurrencies() {
        var euros = Money.of(100, "EUR");
        var dollars = Money.of(100, "USD");
        assertThatThrownBy(() -> euros.plus(dollars)).isInstanceOf(Money.CurrencyMismatch.class)
                .hasMessageContaining("EUR").hasMessageContaining("USD");
        assertThatThrownBy(() -> euros.minus(dollars)).isInstanceOf(Money.CurrencyMismatch.class);
        assertThatThrownBy(() -> euros.compareTo(dollars)).isInstanceOf(Money.CurrencyMismatch.class);
    }

    @Test
    void refusesOverflowInsteadOfWrappingAround() {
        var huge = new Money(Long.MAX_VALUE, EUR);
        assertThatThrownBy(() -> huge.plus(Money.of(1, "EUR"))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> huge.times(2)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void refusesThingsThatAreNotMoney() {
        assertThatThrownBy(() -> new Money(1, Currency.getInstance("XAU"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void knowsEachCurrencysDecimals() {
        assertThat(Money.of(1234, "EUR").toMajor()).isEqualByComparingTo("12.34");
        assertThat(Money.of(1234, "JPY").toMajor()).isEqualByComparingTo("1234");
        assertThat(Money.of(1234, "KWD").toMajor()).isEqualByComparingTo("1.234");
        assertThat(Money.of(new BigDecimal("1.5"), KWD)).isEqualTo(Money.of(1500, "KWD"));
        assertThat(Money.of(new BigDecimal("500"), JPY)).isEqualTo(Money.of(500, "JPY"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "12.50       | en | EUR | 1250",
            "12,50       | de | EUR | 1250",
            "12.50       | de | EUR | 1250",
            "12,5        | en | EUR | 1250",
            "1,234.50    | en | EUR | 123450",
            "1.234,50    | de | EUR | 123450",
            "1.234.567   | de | EUR | 123456700",
            "1 234,50    | fr | EUR | 123450",
            "' 7 '       | en | EUR | 700",
            "-3.10       | en | EUR | -310",
            "1,000       | en | JPY | 1000",
            "1.000       | de | JPY | 1000",
            "500         | ja | JPY | 500",
            "1.234       | en | KWD | 1234",
            "0,5         | de | KWD | 500",
            "1,500       | de | EUR | 150",
    })
    void parsesWhatPeopleType(String input, String language, String currency, long minor) {
        var money = Money.parse(input, Currency.getInstance(currency), Locale.forLanguageTag(language));
        assertThat(money).isEqualTo(Money.of(minor, currency));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''           | en | EUR | EMPTY",
            "'   '        | en | EUR | EMPTY",
            "abc          | en | EUR | NOT_A_NUMBER",
            "12.50€       | en | EUR | NOT_A_NUMBER",
            "1e5          | en | EUR | NOT_A_NUMBER",
            "1.2.3        | en | EUR | NOT_A_NUMBER",
            "12,50.3      | en | EUR | NOT_A_NUMBER",
            "--5          | en | EUR | NOT_A_NUMBER",
            "<script>     | en | EUR | NOT_A_NUMBER",
            "12.505       | en | EUR | TOO_MANY_DECIMALS",
            "1,505        | de | EUR | TOO_MANY_DECIMALS",
            "12.500,1.5   | de | EUR | NOT_A_NUMBER",
            "1.5          | en | JPY | TOO_MANY_DECIMALS",
            "0.0001       | en | KWD | TOO_MANY_DECIMALS",
            "99999999999999999999 | en | EUR | TOO_LARGE",
            "1000000000000 | en | JPY | TOO_LARGE",
    })
    void refusesNonsenseWithAReason(String input, String language, String currency, InvalidAmount.Reason reason) {
        assertThatThrownBy(() -> Money.parse(input, Currency.getInstance(currency), Locale.forLanguageTag(language)))
                .isInstanceOfSatisfying(InvalidAmount.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void invalidAmountNamesAMessageKeyAndTheCurrencysRules() {
        var error = new InvalidAmount(InvalidAmount.Reason.TOO_MANY_DECIMALS, KWD);
        assertThat(error.reason().messageKey()).isEqualTo("money.invalid.too-many-decimals");
        assertThat(error.messageArguments()).containsExactly("KWD", 3);
    }
}
