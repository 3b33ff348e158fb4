package social.upkeep.privacy.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import social.upkeep.billing.SupporterStripe;
import social.upkeep.instance.Instances;
import social.upkeep.membership.Memberships;
import social.upkeep.privacy.internal.PrivacyStore.ErasedBy;
import social.upkeep.rolesync.DesiredRoles;
import social.upkeep.rolesync.ErasedAccounts;
import social.upkeep.shared.NotFound;
import social.upkeep.shared.PersonalData;
import social.upkeep.shared.PublicDataChanged;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;

/**
 * Erases a supporter's data (GDPR Article 17) the way accounting law allows: Stripe first (their subscriptions
 * cancelled, and their customers deleted where the operator wants it), and only once Stripe has answered, in one
 * transaction, their memberships ended and every module's personal data removed or replaced by the pseudonym.
 * Payments and ledger entries keep their amounts and dates, so every total and closed month stays as it was.
 * After that commits, role sync takes away the role Upkeep gave them.
 */
@Service
class Erasures {

    private static final Logger log = LoggerFactory.getLogger(Erasures.class);

    private final Supporters supporters;
    private final Memberships memberships;
    private final SupporterStripe stripe;
    private final ErasedAccounts roles;
    private final Instances instances;
    private final List<PersonalData> modules;
    private final PrivacyStore store;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Erasures(Supporters supporters, Memberships memberships, SupporterStripe stripe, ErasedAccounts roles,
            Instances instances, List<PersonalData> modules, PrivacyStore store, TransactionTemplate transactions,
            ApplicationEventPublisher events, Clock clock) {
        this.supporters = supporters;
        this.memberships = memberships;
        this.stripe = stripe;
        this.roles = roles;
        this.instances = instances;
        this.modules = modules;
        this.store = store;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Erases the supporter. Throws {@link SupporterStripe.Unreachable} when Stripe could not be asked: then nothing
     * in Upkeep has changed. Erasing someone erased before changes nothing.
     */
    void erase(long supporterId, ErasedBy by) {
        erase(supporterId, by, null);
    }

    /** As {@link #erase(long, ErasedBy)}, recording who did it ({@code actor}: the operator's sign-in name). */
    void erase(long supporterId, ErasedBy by, @Nullable String actor) {
        Supporter supporter = supporters.get(supporterId).orElseThrow(() -> new NotFound("supporter " + supporterId));
        if (store.erased(supporterId)) {
            return;
        }
        Set<Long> servers = stripe.serversOf(supporterId);
        Set<Long> deleteCustomersOn = new HashSet<>();
        servers.stream().filter(id -> store.settings(id).deleteStripeCustomers()).forEach(deleteCustomersOn::add);
        stripe.endAll(supporterId, deleteCustomersOn);

        var person = new PersonalData.Person(supporterId, supporter.email(), supporter.handle(), supporter.homeHost());
        List<Long> roleServers = new ArrayList<>();
        if (supporter.handle() != null && supporter.homeHost() != null) {
            instances.findByHost(supporter.homeHost()).ifPresent(server -> roleServers.add(server.id()));
        }
        boolean erased = Boolean.TRUE.equals(transactions.execute(tx -> {
            if (!store.recordErasure(supporterId, by, actor, clock.instant())) {
                return false;
            }
            memberships.endForErasure(supporterId, "supporter's data erased");
            modules.forEach(module -> module.erase(person));
            servers.forEach(server -> events.publishEvent(new PublicDataChanged(server)));
            return true;
        }));
        if (!erased) {
            return;
        }
        log.info("Erased the data of supporter {} ({})", supporterId, by);
        for (long server : roleServers) {
            try {
                roles.removeRoles(server, DesiredRoles.localName(String.valueOf(supporter.handle())),
                        person.pseudonym());
            } catch (RuntimeException e) {
                // The hourly run removes it; the erasure itself is done.
                log.warn("Role sync after erasing supporter {} failed on server {}", supporterId, server, e);
            }
        }
    }
}
