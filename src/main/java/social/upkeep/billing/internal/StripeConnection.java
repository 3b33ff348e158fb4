package social.upkeep.billing.internal;

import com.stripe.Stripe;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.StripeException;
import com.stripe.model.Account;
import com.stripe.model.BankAccount;
import com.stripe.model.Card;
import com.stripe.model.WebhookEndpoint;
import com.stripe.net.RequestOptions;
import com.stripe.param.WebhookEndpointCreateParams;
import com.stripe.param.WebhookEndpointCreateParams.EnabledEvent;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Service;
import social.upkeep.instance.Instances;
import social.upkeep.shared.NotFound;

/** The "check" and "create the webhook endpoint" buttons: the two calls an operator makes to Stripe by hand. */
@Service
class StripeConnection {

    /** The events Upkeep handles (DESIGN.md section 8). */
    static final List<EnabledEvent> EVENTS = List.of(EnabledEvent.CHECKOUT__SESSION__COMPLETED,
            EnabledEvent.CHECKOUT__SESSION__ASYNC_PAYMENT_SUCCEEDED, EnabledEvent.CHECKOUT__SESSION__ASYNC_PAYMENT_FAILED,
            EnabledEvent.CUSTOMER__SUBSCRIPTION__CREATED, EnabledEvent.CUSTOMER__SUBSCRIPTION__UPDATED,
            EnabledEvent.CUSTOMER__SUBSCRIPTION__DELETED, EnabledEvent.INVOICE__PAID,
            EnabledEvent.INVOICE__PAYMENT_FAILED, EnabledEvent.INVOICE__PAYMENT_ACTION_REQUIRED,
            EnabledEvent.CHARGE__SUCCEEDED, EnabledEvent.CHARGE__UPDATED, EnabledEvent.CHARGE__REFUNDED,
            EnabledEvent.CHARGE__DISPUTE__CREATED, EnabledEvent.CHARGE__DISPUTE__CLOSED,
            EnabledEvent.CHARGE__DISPUTE__FUNDS_WITHDRAWN, EnabledEvent.CHARGE__DISPUTE__FUNDS_REINSTATED,
            // Every refund's progress (pending, succeeded, failed, canceled), since 2024-10-28 (DESIGN.md §8).
            EnabledEvent.REFUND__CREATED, EnabledEvent.REFUND__UPDATED, EnabledEvent.REFUND__FAILED);

    private final StripeAccounts accounts;
    private final StripeClients clients;
    private final Instances instances;

    StripeConnection(StripeAccounts accounts, StripeClients clients, Instances instances) {
        this.accounts = accounts;
        this.clients = clients;
        this.instances = instances;
    }

    /**
     * Retrieves the account behind the key and keeps its id and the currency payments in the server's currency
     * settle in. One Stripe account serves one server: two servers on one account would each receive, and book,
     * the other's payments.
     */
    String check(long instanceId) {
        String key = accounts.secretKey(instanceId).orElseThrow(() -> new NotFound("Stripe key"));
        try {
            Account account = clients.forKey(key).v1().accounts().retrieveCurrent();
            if (accounts.usedElsewhere(instanceId, account.getId())) {
                throw new StripeRefused("stripe.account-in-use");
            }
            String settlement = settlementCurrency(account, instances.get(instanceId).currency().getCurrencyCode());
            accounts.checked(instanceId, account.getId(), settlement);
            return settlement;
        } catch (StripeException e) {
            throw new StripeRefused(reason(e));
        }
    }

    /**
     * Creates the webhook endpoint with the API version this SDK pins, so every event's object can be read, and
     * keeps its signing secret. The idempotency key makes a double click create one endpoint.
     */
    void createWebhookEndpoint(long instanceId, String url) {
        String key = accounts.secretKey(instanceId).orElseThrow(() -> new NotFound("Stripe key"));
        var version = Arrays.stream(WebhookEndpointCreateParams.ApiVersion.values())
                .filter(v -> v.getValue().equals(Stripe.API_VERSION)).findFirst().orElseThrow();
        var params = WebhookEndpointCreateParams.builder().setUrl(url).setApiVersion(version)
                .setDescription("Upkeep").addAllEnabledEvent(EVENTS).build();
        try {
            WebhookEndpoint endpoint = clients.forKey(key).v1().webhookEndpoints().create(params,
                    RequestOptions.builder().setIdempotencyKey("upkeep-webhook-" + instanceId + "-" + url.hashCode())
                            .build());
            accounts.saveWebhookSecret(instanceId, endpoint.getSecret());
        } catch (StripeException e) {
            throw new StripeRefused(reason(e));
        }
    }

    /**
     * The currency a charge in {@code charged} settles in: itself when the account has a bank account in it,
     * else the account's default currency, into which Stripe converts (docs.stripe.com/connect/currencies,
     * "Currency conversions"; docs.stripe.com/payouts/alternative-currencies).
     */
    static String settlementCurrency(Account account, String charged) {
        boolean bankInCurrency = account.getExternalAccounts() != null
                && account.getExternalAccounts().getData() != null
                && account.getExternalAccounts().getData().stream()
                        .anyMatch(external -> external instanceof BankAccount bank
                                && charged.equalsIgnoreCase(bank.getCurrency())
                                || external instanceof Card card && charged.equalsIgnoreCase(card.getCurrency()));
        return bankInCurrency ? charged : account.getDefaultCurrency();
    }

    /**
     * What went wrong, in the operator's words: no answer at all is "could not reach"; only a 4xx answer is a
     * refusal; a 5xx is Stripe's own trouble, and 429 asks to slow down.
     */
    static String reason(StripeException e) {
        if (e instanceof AuthenticationException) {
            return "stripe.refused.key";
        }
        if (e instanceof PermissionException) {
            return "stripe.refused.permission";
        }
        Integer status = e.getStatusCode();
        if (status == null || status == 0) {
            return "stripe.refused.unreachable";
        }
        if (status == 429) {
            return "stripe.refused.rate-limited";
        }
        return status >= 500 ? "stripe.refused.stripe-error" : "stripe.refused.other";
    }

    /** Stripe said no; {@code reason} is a message key, never Stripe's text (it may quote the key). */
    static final class StripeRefused extends RuntimeException {
        private final String reason;

        StripeRefused(String reason) {
            super(reason);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }
}
