package social.upkeep.billing.internal;

import com.stripe.exception.StripeException;
import com.stripe.param.billingportal.SessionCreateParams;
import java.net.URI;
import org.springframework.stereotype.Component;

/**
 * Stripe's customer portal, where a supporter updates their card, sees invoices and cancels, on Stripe's pages.
 * A session is made per visit for the membership's own customer; it is never reused.
 */
@Component
class StripePortal {

    private final StripeAccounts accounts;
    private final StripeClients clients;

    StripePortal(StripeAccounts accounts, StripeClients clients) {
        this.accounts = accounts;
        this.clients = clients;
    }

    URI session(long instanceId, String customerId, URI returnUrl) {
        String key = accounts.secretKey(instanceId)
                .orElseThrow(() -> new StripeConnection.StripeRefused("checkout.not-accepting"));
        try {
            return URI.create(clients.forKey(key).v1().billingPortal().sessions().create(SessionCreateParams.builder()
                    .setCustomer(customerId).setReturnUrl(returnUrl.toString()).build()).getUrl());
        } catch (StripeException e) {
            throw new StripeConnection.StripeRefused("me.portal-refused");
        }
    }
}
