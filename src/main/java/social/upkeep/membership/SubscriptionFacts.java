package social.upkeep.membership;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import social.upkeep.shared.Money;

/**
 * What Stripe last showed about a subscription, fetched at the moment it is applied (never taken from an event,
 * which may be old), and what became of its latest charge.
 *
 * @param tierId null for a recurring donation
 * @param frequency {@code MONTH} or {@code YEAR}
 * @param stripeStatus Stripe's subscription status ({@code active}, {@code past_due}, {@code canceled}, ...)
 */
public record SubscriptionFacts(String subscriptionId, String customerId, long supporterId, @Nullable Long tierId,
        String frequency, Money amount, String stripeStatus, boolean cancelAtPeriodEnd,
        @Nullable String cancellationReason, @Nullable Instant currentPeriodEnd, ChargeTrouble trouble) {
}
