package social.upkeep.billing.internal;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import social.upkeep.billing.SupporterStripe;
import social.upkeep.membership.Membership;
import social.upkeep.membership.Memberships;

/**
 * Cancels a supporter's subscriptions (DELETE /v1/subscriptions/{id}: at once, status {@code canceled}, and Stripe
 * sends {@code customer.subscription.deleted}) and, where the server's operator wants it, deletes their customers
 * (DELETE /v1/customers/{id}, which also cancels what is left: docs.stripe.com/api/customers/delete). Stripe's
 * {@code resource_missing} means it is gone already.
 */
@Component
class StripeEndings implements SupporterStripe {

    private final JdbcClient jdbc;
    private final Memberships memberships;
    private final StripeAccounts accounts;
    private final StripeClients clients;

    StripeEndings(JdbcClient jdbc, Memberships memberships, StripeAccounts accounts, StripeClients clients) {
        this.jdbc = jdbc;
        this.memberships = memberships;
        this.accounts = accounts;
        this.clients = clients;
    }

    @Override
    public void endAll(long supporterId, Set<Long> deleteCustomersOn) {
        Map<Long, StripeClient> byServer = new HashMap<>();
        for (Membership membership : memberships.liveSubscriptions(supporterId)) {
            StripeClient stripe = client(byServer, membership.instanceId());
            call(() -> stripe.v1().subscriptions().cancel(membership.subscriptionId()));
        }
        List<Customer> customers = jdbc.sql("""
                        SELECT instance_id, customer_id FROM stripe_customer WHERE supporter_id = ?
                        ORDER BY instance_id, customer_id""")
                .param(supporterId).query((rs, row) -> new Customer(rs.getLong(1), rs.getString(2))).list();
        for (Customer customer : customers) {
            if (deleteCustomersOn.contains(customer.instanceId())) {
                StripeClient stripe = client(byServer, customer.instanceId());
                call(() -> stripe.v1().customers().delete(customer.customerId()));
            }
        }
    }

    @Override
    public Set<Long> serversOf(long supporterId) {
        return new TreeSet<>(jdbc.sql("""
                        SELECT instance_id FROM checkout WHERE supporter_id = :id
                        UNION SELECT instance_id FROM stripe_customer WHERE supporter_id = :id
                        UNION SELECT instance_id FROM membership WHERE supporter_id = :id""")
                .param("id", supporterId).query(Long.class).list());
    }

    private record Customer(long instanceId, String customerId) {
    }

    private interface StripeCall {
        void run() throws StripeException;
    }

    private StripeClient client(Map<Long, StripeClient> byServer, long instanceId) {
        return byServer.computeIfAbsent(instanceId, id -> clients.forKey(accounts.secretKey(id)
                .orElseThrow(() -> new Unreachable("privacy.erase.stripe-not-connected", null))));
    }

    private static void call(StripeCall call) {
        try {
            call.run();
        } catch (StripeException e) {
            if (!"resource_missing".equals(e.getCode())) {
                throw new Unreachable("privacy.erase.stripe-unreachable", e);
            }
        }
    }
}
