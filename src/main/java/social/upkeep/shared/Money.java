package social.upkeep.shared;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;

/**
 * An exact amount of money: integer minor units (cents, yen, fils) of one currency.
 * Arithmetic refuses to mix currencies; nothing here ever touches floating point.
 */
public record Money(long minor, Currency currency) implements Comparable<Money> {

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (currency.getDefaultFractionDigits() < 0) {
            throw new IllegalArgumentException(currency.getCurrencyCode() + " is not a currency money can be counted in");
        }
    }

    public static Money of(long minor, String currencyCode) {
        return new Money(minor, Currency.getInstance(currencyCode));
    }

    public static Money zero(Currency currency) {
        return new Money(0, currency);
    }

    /** An amount in major units ("12.50" EUR), refused if it has more decimals than the currency allows. */
    public static Money of(BigDecimal major, Currency currency) {
        int scale = currency.getDefaultFractionDigits();
        if (major.stripTrailingZeros().scale() > scale) {
            throw new InvalidAmount(InvalidAmount.Reason.TOO_MANY_DECIMALS, currency);
        }
        try {
            return new Money(major.movePointRight(scale).longValueExact(), currency);
        } catch (ArithmeticException e) {
            throw new InvalidAmount(InvalidAmount.Reason.TOO_LARGE, currency);
        }
    }

    /** Reads what a person typed, in their locale: "12.50", "12,50" (de), "1.234,50" (de), "1,234.50" (en). */
    public static Money parse(String input, Currency currency, Locale locale) {
        return AmountParser.parse(input, currency, locale);
    }

    public Money plus(Money other) {
        return new Money(Math.addExact(minor, sameCurrency(other).minor), currency);
    }

    public Money minus(Money other) {
        return new Money(Math.subtractExact(minor, sameCurrency(other).minor), currency);
    }

    public Money times(long factor) {
        return new Money(Math.multiplyExact(minor, factor), currency);
    }

    public Money negate() {
        return new Money(Math.negateExact(minor), currency);
    }

    public boolean isZero() {
        return minor == 0;
    }

    public boolean isNegative() {
        return minor < 0;
    }

    public boolean isPositive() {
        return minor > 0;
    }

    /** The amount in major units, with exactly as many decimals as the currency has. */
    public BigDecimal toMajor() {
        return BigDecimal.valueOf(minor, currency.getDefaultFractionDigits());
    }

    @Override
    public int compareTo(Money other) {
        return Long.compare(minor, sameCurrency(other).minor);
    }

    private Money sameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new CurrencyMismatch(currency, other.currency);
        }
        return other;
    }

    /** For logs and debugging only; pages format money through the view layer, in the reader's locale. */
    @Override
    public String toString() {
        return toMajor().toPlainString() + " " + currency.getCurrencyCode();
    }

    public static final class CurrencyMismatch extends IllegalArgumentException {
        CurrencyMismatch(Currency a, Currency b) {
            super("Cannot combine " + a.getCurrencyCode() + " with " + b.getCurrencyCode());
        }
    }
}
