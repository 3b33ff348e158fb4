package social.upkeep.billing.internal;

import com.stripe.exception.StripeException;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionCreateParams.LineItem;
import com.stripe.param.checkout.SessionCreateParams.LineItem.PriceData;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import social.upkeep.instance.Instance;
import social.upkeep.shared.Money;
import social.upkeep.supporter.Supporter;

/**
 * Starts a payment: the local checkout row first, then a Stripe Checkout Session that carries its id (client
 * reference, metadata, idempotency key). A double click, a second tab or a retry finds the open row and its
 * session; two clicks at the very same moment send the same idempotency key, and Stripe answers both with one
 * session. Prices go as {@code price_data}, so no products or prices pile up in the operator's Stripe account
 * and a custom donation amount needs nothing created beforehand.
 */
@Service
class Checkouts {

    /** Stripe keeps a Checkout Session open for 24 hours; Upkeep stops offering it an hour earlier. */
    static final Duration OPEN_FOR = Duration.ofHours(23);

    enum Frequency { ONCE, MONTH, YEAR }

    /** What the supporter chose: a tier (with its price for the frequency) or a donation. */
    record Choice(@Nullable Long tierId, String name, Frequency frequency, Money amount) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final StripeAccounts accounts;
    private final StripeClients clients;
    private final Clock clock;
    private final StripeConnection connection;

    Checkouts(JdbcClient jdbc, TransactionTemplate transactions, StripeAccounts accounts, StripeClients clients,
            Clock clock, StripeConnection connection) {
        this.connection = connection;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.accounts = accounts;
        this.clients = clients;
        this.clock = clock;
    }

    /** Where to send the supporter: the open session for this choice, or a new one. */
    URI start(Instance server, Supporter supporter, Choice choice, URI successUrl, URI cancelUrl) {
        String key = accounts.secretKey(server.id())
                .orElseThrow(() -> new StripeConnection.StripeRefused("checkout.not-accepting"));
        requireSettlementInServerCurrency(server);
        if (!StripeCurrencies.takes(choice.amount())) {
            throw new StripeConnection.StripeRefused("checkout.amount-too-small");
        }
        long id = openCheckout(server, supporter, choice);
        Optional<String> existing = jdbc.sql("SELECT stripe_session_url FROM checkout WHERE id = ?").param(id)
                .query(String.class).optional().filter(url -> url != null);
        if (existing.isPresent()) {
            return URI.create(existing.get());
        }
        try {
            Session session = clients.forKey(key).v1().checkout().sessions().create(params(server, supporter, choice,
                    id, successUrl, cancelUrl), RequestOptions.builder().setIdempotencyKey("upkeep-checkout-" + id)
                    .build());
            jdbc.sql("UPDATE checkout SET stripe_session_id = ?, stripe_session_url = ? WHERE id = ?")
                    .params(session.getId(), session.getUrl(), id).update();
            return URI.create(session.getUrl());
        } catch (StripeException e) {
            throw new StripeConnection.StripeRefused("amount_too_small".equals(e.getCode())
                    ? "checkout.amount-too-small" : "checkout.stripe-refused");
        }
    }

    /**
     * No money is taken before the books can take it: the account must be known to settle payments in the
     * server's currency. An account never checked is checked now (once; a new key forgets the check).
     */
    private void requireSettlementInServerCurrency(Instance server) {
        StripeAccount account = accounts.find(server.id())
                .orElseThrow(() -> new StripeConnection.StripeRefused("checkout.not-accepting"));
        if (account.checkedAt() == null) {
            try {
                connection.check(server.id());
            } catch (StripeConnection.StripeRefused e) {
                throw new StripeConnection.StripeRefused("checkout.not-accepting");
            }
            account = accounts.find(server.id()).orElseThrow();
        }
        if (!account.settlesIn(server.currency())) {
            throw new StripeConnection.StripeRefused("checkout.currency-differs");
        }
    }

    /**
     * Why this server cannot take payments now, as a message key, or null when it can (or may: an account never
     * checked is checked when the first supporter pays). Read from what Upkeep stored; never calls Stripe.
     */
    @Nullable String closedBecause(Instance server) {
        Optional<StripeAccount> account = accounts.find(server.id());
        return account.isEmpty() ? "checkout.not-accepting"
                : account.get().settlesElsewhere(server.currency()) ? "checkout.currency-differs" : null;
    }

    /** A supporter's checkout as the thanks page tells it: what was chosen, and whether Stripe confirmed it. */
    record Started(@Nullable Long tierId, Frequency frequency, Money amount, boolean completed) {
    }

    /** This supporter's checkout on this server; empty for anyone else's, or one that does not exist. */
    Optional<Started> ofSupporter(long instanceId, long supporterId, long checkoutId) {
        return jdbc.sql("""
                        SELECT tier_id, frequency, amount_minor, currency, status FROM checkout
                        WHERE id = ? AND instance_id = ? AND supporter_id = ?""")
                .params(checkoutId, instanceId, supporterId)
                .query((rs, row) -> new Started((Long) rs.getObject("tier_id"),
                        Frequency.valueOf(rs.getString("frequency")),
                        new Money(rs.getLong("amount_minor"), Currency.getInstance(rs.getString("currency"))),
                        "COMPLETED".equals(rs.getString("status"))))
                .optional();
    }

    /** The open checkout for this supporter and choice, created if there is none; expired ones are closed first. */
    private long openCheckout(Instance server, Supporter supporter, Choice choice) {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        return transactions.execute(status -> {
            jdbc.sql("UPDATE checkout SET status = 'EXPIRED' WHERE supporter_id = ? AND status = 'OPEN' AND expires_at <= ?")
                    .params(supporter.id(), now).update();
            jdbc.sql("""
                            INSERT INTO checkout (instance_id, supporter_id, tier_id, frequency, amount_minor, currency,
                                created_at, expires_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT DO NOTHING""")
                    .params(server.id(), supporter.id(), choice.tierId(), choice.frequency().name(),
                            choice.amount().minor(), choice.amount().currency().getCurrencyCode(), now,
                            now.plus(OPEN_FOR))
                    .update();
            return jdbc.sql("""
                            SELECT id FROM checkout WHERE instance_id = ? AND supporter_id = ?
                                AND COALESCE(tier_id, 0) = ? AND frequency = ? AND amount_minor = ? AND status = 'OPEN'""")
                    .params(server.id(), supporter.id(), choice.tierId() == null ? 0 : choice.tierId(),
                            choice.frequency().name(), choice.amount().minor())
                    .query(Long.class).single();
        });
    }

    private static SessionCreateParams params(Instance server, Supporter supporter, Choice choice, long id,
            URI successUrl, URI cancelUrl) {
        var price = PriceData.builder()
                .setCurrency(choice.amount().currency().getCurrencyCode().toLowerCase(Locale.ROOT))
                .setUnitAmount(StripeCurrencies.toStripe(choice.amount()))
                .setProductData(PriceData.ProductData.builder().setName(choice.name()).build());
        if (choice.frequency() != Frequency.ONCE) {
            price.setRecurring(PriceData.Recurring.builder().setInterval(choice.frequency() == Frequency.MONTH
                    ? PriceData.Recurring.Interval.MONTH : PriceData.Recurring.Interval.YEAR).build());
        }
        var params = SessionCreateParams.builder()
                .setMode(choice.frequency() == Frequency.ONCE ? SessionCreateParams.Mode.PAYMENT
                        : SessionCreateParams.Mode.SUBSCRIPTION)
                .setClientReferenceId("checkout-" + id)
                // Adaptive pricing would charge in the supporter's currency; the books expect the server's.
                .setAdaptivePricing(SessionCreateParams.AdaptivePricing.builder().setEnabled(false).build())
                .putMetadata("upkeep_checkout", String.valueOf(id))
                .putMetadata("upkeep_server", String.valueOf(server.id()))
                .setSuccessUrl(successUrl + "?checkout=" + id)
                .setCancelUrl(cancelUrl.toString())
                .addLineItem(LineItem.builder().setQuantity(1L).setPriceData(price.build()).build());
        if (choice.frequency() != Frequency.ONCE) {
            var subscription = SessionCreateParams.SubscriptionData.builder()
                    .putMetadata("upkeep_checkout", String.valueOf(id))
                    .putMetadata("upkeep_server", String.valueOf(server.id()));
            if (choice.tierId() != null) {
                subscription.putMetadata("upkeep_tier", String.valueOf(choice.tierId()));
            }
            params.setSubscriptionData(subscription.build());
        } else {
            // A customer for every gift too: its charges then name the customer, which names the supporter.
            params.setCustomerCreation(SessionCreateParams.CustomerCreation.ALWAYS);
        }
        if (supporter.email() != null) {
            params.setCustomerEmail(supporter.email());
        }
        return params.build();
    }
}
