package social.upkeep.privacy.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import social.upkeep.billing.SupporterStripe;
import social.upkeep.privacy.internal.PrivacyStore.ErasedBy;
import social.upkeep.shared.PersonalData;
import social.upkeep.shared.Retention;

/**
 * The daily retention pass (GDPR Article 5(1)(e)): every module purges what it has kept long enough, and
 * supporters with no payment, no membership and no sign-in for the configured years are erased as if they had
 * asked. What it did is kept for the operator to see.
 */
@Service
class RetentionRuns {

    private static final Logger log = LoggerFactory.getLogger(RetentionRuns.class);
    static final String INACTIVE = "inactive-supporters";

    private final List<PersonalData> modules;
    private final Erasures erasures;
    private final PrivacyStore store;
    private final Retention retention;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    RetentionRuns(List<PersonalData> modules, Erasures erasures, PrivacyStore store, Retention retention,
            JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
        this.modules = modules;
        this.erasures = erasures;
        this.store = store;
        this.retention = retention;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Runs the pass; what it purged, by kind. */
    Map<String, Integer> run() {
        Instant now = clock.instant();
        Map<String, Integer> purged = new TreeMap<>();
        for (PersonalData module : modules) {
            Map<String, Integer> counts = transactions.execute(tx -> module.purge(retention, now));
            if (counts != null) {
                counts.forEach((kind, count) -> purged.merge(kind, count, Integer::sum));
            }
        }
        int inactive = 0;
        for (long supporterId : inactiveSupporters(now)) {
            try {
                erasures.erase(supporterId, ErasedBy.RETENTION);
                inactive++;
            } catch (SupporterStripe.Unreachable e) {
                // Tried again tomorrow.
                log.warn("Could not erase inactive supporter {}: {}", supporterId, e.messageKey());
            }
        }
        purged.put(INACTIVE, inactive);
        store.recordRetentionRun(now, purged.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n")));
        log.info("Retention pass: {}", purged);
        return purged;
    }

    /**
     * Supporters not erased yet who have not signed in, paid, started a checkout or held a membership that
     * changed or still entitles within the period.
     */
    List<Long> inactiveSupporters(Instant now) {
        var before = now.atOffset(ZoneOffset.UTC).minus(retention.inactiveSupporters());
        return jdbc.sql("""
                        SELECT s.id FROM supporter s
                        WHERE s.erased_at IS NULL AND s.last_signed_in_at < :before
                          AND NOT EXISTS (SELECT 1 FROM checkout c WHERE c.supporter_id = s.id AND c.created_at >= :before)
                          AND NOT EXISTS (SELECT 1 FROM membership m WHERE m.supporter_id = s.id
                                          AND (m.updated_at >= :before OR m.paid_through >= :before
                                               OR m.state IN ('ACTIVE', 'PAST_DUE', 'CANCELLED', 'COMPLIMENTARY')))
                          AND NOT EXISTS (SELECT 1 FROM stripe_customer k JOIN payment p
                                              ON p.instance_id = k.instance_id AND p.customer_id = k.customer_id
                                          WHERE k.supporter_id = s.id AND p.paid_at >= :before)
                        ORDER BY s.id""")
                .param("before", before).query(Long.class).list();
    }
}
