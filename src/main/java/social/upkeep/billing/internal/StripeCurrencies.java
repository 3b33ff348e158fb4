package social.upkeep.billing.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import social.upkeep.shared.Money;

/**
 * Amounts as Stripe counts them. Stripe's minor units are not always ISO 4217's (Java's): ISK is two-decimal
 * at Stripe (100 = 1 króna) though it has no minor unit, MGA is zero-decimal though ISO gives it two. Every
 * amount that goes to or comes from Stripe passes through here. Lists from docs.stripe.com/currencies
 * ("Zero-decimal currencies", "Three-decimal currencies", "Special cases", "Minimum and maximum charge amounts").
 */
final class StripeCurrencies {

    private static final Set<String> ZERO_DECIMAL = Set.of("BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA",
            "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF");
    /** Three-decimal at Stripe, and the last digit must be 0 for its payment partners. */
    private static final Set<String> THREE_DECIMAL = Set.of("BHD", "JOD", "KWD", "OMR", "TND");

    /**
     * Stripe's minimum charge, in the currency's major units, where Stripe lists one. Elsewhere Stripe's rule is
     * that the amount must convert to at least the minimum of the settlement currency, which Upkeep cannot know
     * beforehand; Stripe's own refusal ({@code amount_too_small}) then says so.
     */
    private static final Map<String, String> MINIMUM = Map.ofEntries(Map.entry("USD", "0.50"),
            Map.entry("AED", "2.00"), Map.entry("AUD", "0.50"), Map.entry("BGN", "1.00"), Map.entry("BRL", "0.50"),
            Map.entry("CAD", "0.50"), Map.entry("CHF", "0.50"), Map.entry("CZK", "15.00"), Map.entry("DKK", "2.50"),
            Map.entry("EUR", "0.50"), Map.entry("GBP", "0.30"), Map.entry("HKD", "4.00"), Map.entry("HUF", "175.00"),
            Map.entry("INR", "0.50"), Map.entry("JPY", "50"), Map.entry("MXN", "10"), Map.entry("MYR", "2"),
            Map.entry("NOK", "3.00"), Map.entry("NZD", "0.50"), Map.entry("PLN", "2.00"), Map.entry("RON", "2.00"),
            Map.entry("SEK", "3.00"), Map.entry("SGD", "0.50"), Map.entry("THB", "10"));

    private StripeCurrencies() {
    }

    /** How many decimals Stripe's amounts in this currency have. */
    static int decimals(Currency currency) {
        String code = currency.getCurrencyCode();
        return ZERO_DECIMAL.contains(code) ? 0 : THREE_DECIMAL.contains(code) ? 3 : 2;
    }

    /** The amount Stripe expects for this money. */
    static long toStripe(Money money) {
        return money.toMajor().movePointRight(decimals(money.currency())).longValueExact();
    }

    /** Money from an amount and currency code as Stripe sends them ({@code 1000}, {@code "eur"}). */
    static Money fromStripe(long amount, String currencyCode) {
        Currency currency = Currency.getInstance(currencyCode.toUpperCase(Locale.ROOT));
        BigDecimal major = BigDecimal.valueOf(amount).movePointLeft(decimals(currency));
        return new Money(major.setScale(currency.getDefaultFractionDigits(), RoundingMode.HALF_EVEN).unscaledValue()
                .longValueExact(), currency);
    }

    /** Whether Stripe can take this amount as it is: MGA in whole ariary, KWD in tens of fils, and so on. */
    static boolean chargeable(Money money) {
        int allowed = THREE_DECIMAL.contains(money.currency().getCurrencyCode()) ? 2 : decimals(money.currency());
        return money.toMajor().stripTrailingZeros().scale() <= allowed;
    }

    /** Whether Stripe takes this amount as a charge: in its units, and not below its smallest charge. */
    static boolean takes(Money amount) {
        Money smallest = minimum(amount.currency());
        return chargeable(amount) && (smallest == null || amount.compareTo(smallest) >= 0);
    }

    /** Stripe's smallest charge in this currency, if Stripe lists one. */
    static @Nullable Money minimum(Currency currency) {
        String major = MINIMUM.get(currency.getCurrencyCode());
        return major == null ? null : Money.of(new BigDecimal(major), currency);
    }
}
