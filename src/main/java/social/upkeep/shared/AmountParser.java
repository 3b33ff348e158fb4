package social.upkeep.shared;

import java.math.BigDecimal;
import java.text.DecimalFormatSymbols;
import java.util.Currency;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses amounts as people type them. The locale's decimal separator always means decimals; the other of
 * '.' and ',' is read as a thousands separator only where it groups digits in threes ("1.234,50"), and
 * otherwise as a decimal point, so "12.50" means twelve and a half in Germany too. Anything else is refused
 * with a reason rather than guessed.
 */
final class AmountParser {

    /** Far above any real donation or bill, far below overflow: a typo, not money. */
    private static final BigDecimal LARGEST = new BigDecimal("1000000000000");
    private static final Pattern SPACES = Pattern.compile("[\\s\\u00A0\\u202F\\u2007']");
    private static final Pattern PLAIN = Pattern.compile("[0-9]+(\\.[0-9]+)?");
    private static final Pattern GROUPED = Pattern.compile("[0-9]{1,3}(G[0-9]{3})+(D[0-9]+)?");

    private AmountParser() {
    }

    static Money parse(String input, Currency currency, Locale locale) {
        String text = SPACES.matcher(input).replaceAll("");
        if (text.isEmpty()) {
            throw new InvalidAmount(InvalidAmount.Reason.EMPTY, currency);
        }
        boolean negative = text.startsWith("-") || text.startsWith("\u2212");
        if (negative) {
            text = text.substring(1);
        }
        BigDecimal major = new BigDecimal(normalise(text, currency, locale));
        if (major.compareTo(LARGEST) >= 0) {
            throw new InvalidAmount(InvalidAmount.Reason.TOO_LARGE, currency);
        }
        return Money.of(negative ? major.negate() : major, currency);
    }

    /** Returns the amount as a plain decimal string ("1234.50"), or refuses it. */
    private static String normalise(String text, Currency currency, Locale locale) {
        char decimal = DecimalFormatSymbols.getInstance(locale).getDecimalSeparator();
        char other = decimal == ',' ? '.' : ',';
        if (decimal != ',' && decimal != '.') {
            decimal = '.';
            other = ',';
        }
        String shape = text.replace(decimal, 'D').replace(other, 'G');
        if (GROUPED.matcher(shape).matches()) {
            return shape.replace("G", "").replace('D', '.');
        }
        if (shape.indexOf('G') == shape.lastIndexOf('G') && shape.indexOf('D') < 0) {
            // A single "other" separator that does not group thousands is a decimal point: "12.50" in de.
            shape = shape.replace('G', 'D');
        }
        String plain = shape.replace('D', '.');
        if (!PLAIN.matcher(plain).matches()) {
            throw new InvalidAmount(InvalidAmount.Reason.NOT_A_NUMBER, currency);
        }
        return plain;
    }
}
