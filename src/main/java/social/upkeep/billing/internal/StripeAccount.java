package social.upkeep.billing.internal;

import java.time.Instant;
import java.util.Currency;
import org.jspecify.annotations.Nullable;

/** A server's Stripe account as Upkeep keeps it; the keys stay sealed until a call needs them. */
record StripeAccount(long instanceId, boolean livemode, boolean webhookSecretSet, @Nullable String accountId,
        @Nullable Currency settlementCurrency, @Nullable Instant checkedAt) {
}
