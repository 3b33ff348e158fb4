package social.upkeep.billing.internal;

import java.time.Instant;
import java.util.Currency;
import org.jspecify.annotations.Nullable;

/** A server's Stripe account as Upkeep keeps it; the keys stay sealed until a call needs them. */
record StripeAccount(long instanceId, boolean livemode, boolean webhookSecretSet, @Nullable String accountId,
        @Nullable Currency settlementCurrency, @Nullable Instant checkedAt) {

    /** Whether payments in this currency are known to settle in it, so the books can take them as they are. */
    public boolean settlesIn(Currency currency) {
        return currency.equals(settlementCurrency);
    }

    /** Whether the account was checked and settles payments in another currency: checkout stays off. */
    public boolean settlesElsewhere(Currency currency) {
        return checkedAt != null && settlementCurrency != null && !settlesIn(currency);
    }
}
