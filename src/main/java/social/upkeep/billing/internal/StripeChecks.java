package social.upkeep.billing.internal;

import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import social.upkeep.instance.Instances;
import social.upkeep.shared.ServerCheck;

/**
 * Setup: Stripe's keys and the webhook endpoint. To do: events that failed, payments waiting to be booked, the
 * last balance comparison's differences, and an account that settles in another currency (checkout is off).
 */
@Component
class StripeChecks implements ServerCheck {

    private final StripeAccounts accounts;
    private final EventQueue queue;
    private final StripeBookkeeping bookkeeping;
    private final Reconciliation reconciliation;
    private final Instances instances;

    StripeChecks(StripeAccounts accounts, EventQueue queue, StripeBookkeeping bookkeeping,
            Reconciliation reconciliation, Instances instances) {
        this.accounts = accounts;
        this.queue = queue;
        this.bookkeeping = bookkeeping;
        this.reconciliation = reconciliation;
        this.instances = instances;
    }

    @Override
    public List<Item> check(long serverId) {
        String page = "/operator/servers/" + serverId + "/stripe";
        var account = accounts.find(serverId);
        var items = new ArrayList<Item>();
        items.add(Item.setup(20, "checklist.stripe-keys", account.isPresent(), page));
        items.add(Item.setup(30, "checklist.stripe-webhook", account.filter(StripeAccount::webhookSecretSet).isPresent(),
                page));
        if (account.filter(a -> a.settlesElsewhere(instances.get(serverId).currency())).isPresent()) {
            items.add(Item.toDo(5, "todo.stripe-currency", List.of(), page));
        }
        int failed = queue.troubled(serverId).size();
        if (failed > 0) {
            items.add(Item.toDo(20, "todo.stripe-events", List.of(failed), page));
        }
        int unbooked = bookkeeping.unbooked(serverId).size();
        if (unbooked > 0) {
            items.add(Item.toDo(21, "todo.stripe-unbooked", List.of(unbooked), page));
        }
        reconciliation.lastBalanceCheck(serverId).filter(check -> !check.differences().isEmpty())
                .ifPresent(check -> items.add(Item.toDo(22, "todo.reconciliation", List.of(check.differences().size(),
                        check.month()), page)));
        return items;
    }
}
