package social.upkeep.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Currency;
import org.junit.jupiter.api.Test;
import social.upkeep.shared.Money;

/** Stripe's minor units where they differ from ISO 4217's (docs.stripe.com/currencies). */
class StripeCurrenciesTest {

    @Test
    void iskIsTwoDecimalAtStripeThoughItHasNoMinorUnit() {
        assertThat(StripeCurrencies.toStripe(Money.of(5, "ISK"))).isEqualTo(500);
        assertThat(StripeCurrencies.fromStripe(500, "isk")).isEqualTo(Money.of(5, "ISK"));
    }

    @Test
    void mgaIsZeroDecimalAtStripeThoughIsoGivesItTwo() {
        assertThat(Currency.getInstance("MGA").getDefaultFractionDigits()).isEqualTo(2);
        assertThat(StripeCurrencies.toStripe(Money.of(100_000, "MGA"))).isEqualTo(1000);
        assertThat(StripeCurrencies.fromStripe(1000, "mga")).isEqualTo(Money.of(100_000, "MGA"));
        assertThat(StripeCurrencies.chargeable(Money.of(100_050, "MGA"))).as("half an ariary").isFalse();
    }

    @Test
    void threeDecimalCurrenciesMustEndInZeroAndCommonOnesPassUnchanged() {
        assertThat(StripeCurrencies.chargeable(Money.of(5120, "KWD"))).isTrue();
        assertThat(StripeCurrencies.chargeable(Money.of(5125, "KWD"))).isFalse();
        assertThat(StripeCurrencies.toStripe(Money.of(5120, "KWD"))).isEqualTo(5120);
        assertThat(StripeCurrencies.toStripe(Money.of(1250, "EUR"))).isEqualTo(1250);
        assertThat(StripeCurrencies.toStripe(Money.of(500, "JPY"))).isEqualTo(500);
    }

    @Test
    void stripesSmallestChargeIsKnownForTheCommonCurrencies() {
        assertThat(StripeCurrencies.minimum(Currency.getInstance("EUR"))).isEqualTo(Money.of(50, "EUR"));
        assertThat(StripeCurrencies.minimum(Currency.getInstance("GBP"))).isEqualTo(Money.of(30, "GBP"));
        assertThat(StripeCurrencies.minimum(Currency.getInstance("JPY"))).isEqualTo(Money.of(50, "JPY"));
        assertThat(StripeCurrencies.minimum(Currency.getInstance("HUF"))).isEqualTo(Money.of(17500, "HUF"));
    }
}
