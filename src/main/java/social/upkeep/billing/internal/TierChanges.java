package social.upkeep.billing.internal;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.net.RequestOptions;
import com.stripe.param.ProductUpdateParams;
import com.stripe.param.SubscriptionUpdateParams;
import com.stripe.param.SubscriptionUpdateParams.Item.PriceData;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import social.upkeep.membership.Membership;
import social.upkeep.shared.Money;
import social.upkeep.tier.Tier;

/**
 * A member moves to another tier, or a recurring donor changes the amount: the subscription's price changes in
 * Stripe (prorated) and, for a tier, its metadata names the new tier. Stripe's portal cannot offer this, since
 * prices are made per checkout ({@link Checkouts}); the membership follows when Stripe's
 * {@code customer.subscription.updated} event is applied, like any change.
 */
@Service
class TierChanges {

    private final StripeAccounts accounts;
    private final StripeClients clients;
    TierChanges(StripeAccounts accounts, StripeClients clients) {
        this.accounts = accounts;
        this.clients = clients;
    }

    /** Asks Stripe to move the membership's subscription to {@code tier} (null: a donation) at {@code price}. */
    void change(Membership membership, @Nullable Tier tier, Money price) {
        String key = accounts.secretKey(membership.instanceId())
                .orElseThrow(() -> new StripeConnection.StripeRefused("checkout.not-accepting"));
        StripeClient stripe = clients.forKey(key);
        try {
            Subscription subscription = stripe.v1().subscriptions().retrieve(membership.subscriptionId());
            SubscriptionItem item = subscription.getItems().getData().get(0);
            String product = item.getPrice().getProduct();
            var interval = "YEAR".equals(membership.frequency()) ? PriceData.Recurring.Interval.YEAR
                    : PriceData.Recurring.Interval.MONTH;
            // One key per change from the subscription's current price (each change makes a new one) to the choice:
            // a double click sends the same key and Stripe applies it once, while A → B → A → B makes three keys.
            String idempotency = "upkeep-change-" + membership.id() + "-" + item.getPrice().getId() + "-"
                    + (tier == null ? "donation" : tier.id()) + "-" + price.minor();
            var params = SubscriptionUpdateParams.builder()
                    .addItem(SubscriptionUpdateParams.Item.builder().setId(item.getId())
                            .setPriceData(PriceData.builder()
                                    .setCurrency(price.currency().getCurrencyCode().toLowerCase(Locale.ROOT))
                                    .setProduct(product).setUnitAmount(StripeCurrencies.toStripe(price))
                                    .setRecurring(PriceData.Recurring.builder().setInterval(interval).build())
                                    .build())
                            .build())
                    .setProrationBehavior(SubscriptionUpdateParams.ProrationBehavior.CREATE_PRORATIONS);
            if (tier != null) {
                params.putMetadata("upkeep_tier", String.valueOf(tier.id()));
            }
            stripe.v1().subscriptions().update(membership.subscriptionId(), params.build(),
                    RequestOptions.builder().setIdempotencyKey(idempotency).build());
            if (tier != null) {
                // Invoices name the product: it was made with the old tier's name.
                stripe.v1().products().update(product, ProductUpdateParams.builder().setName(tier.name()).build(),
                        RequestOptions.builder().setIdempotencyKey(idempotency + "-name").build());
            }
        } catch (StripeException e) {
            throw new StripeConnection.StripeRefused("me.tier.refused");
        }
    }
}
