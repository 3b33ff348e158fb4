package social.upkeep.privacy.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Each server's privacy settings, the record of erasures, and what the retention job last did. */
@Repository
class PrivacyStore {

    /** What a server's privacy page adds, and whether erasing deletes the Stripe customer. */
    record Settings(@Nullable String contact, String statement, boolean deleteStripeCustomers) {
        static final Settings DEFAULTS = new Settings(null, "", false);
    }

    /** One run of the retention job: when, and what it purged, as "kind=count" lines. */
    record RetentionRun(Instant ranAt, String purged) {

        /** Kind (a message key's last part) to how many. */
        public java.util.Map<String, Integer> counts() {
            java.util.Map<String, Integer> counts = new java.util.LinkedHashMap<>();
            for (String line : purged.split("\n")) {
                int at = line.indexOf('=');
                if (at > 0) {
                    counts.put(line.substring(0, at), Integer.parseInt(line.substring(at + 1)));
                }
            }
            return counts;
        }
    }

    enum ErasedBy { SUPPORTER, OPERATOR, RETENTION }

    private final JdbcClient jdbc;

    PrivacyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Settings settings(long instanceId) {
        return jdbc.sql("SELECT contact, statement, delete_stripe_customers FROM privacy_settings WHERE instance_id = ?")
                .param(instanceId)
                .query((rs, row) -> new Settings(rs.getString(1), rs.getString(2), rs.getBoolean(3)))
                .optional().orElse(Settings.DEFAULTS);
    }

    void save(long instanceId, Settings settings, Instant now) {
        jdbc.sql("""
                        INSERT INTO privacy_settings (instance_id, contact, statement, delete_stripe_customers, updated_at)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (instance_id) DO UPDATE SET contact = excluded.contact,
                            statement = excluded.statement, delete_stripe_customers = excluded.delete_stripe_customers,
                            updated_at = excluded.updated_at""")
                .params(instanceId, settings.contact(), settings.statement(), settings.deleteStripeCustomers(),
                        at(now))
                .update();
    }

    /** Records the erasure; false when the supporter was erased before (by anyone). */
    boolean recordErasure(long supporterId, ErasedBy by, @Nullable String actor, Instant now) {
        return jdbc.sql("""
                        INSERT INTO erasure (supporter_id, erased_at, erased_by, actor) VALUES (?, ?, ?, ?)
                        ON CONFLICT DO NOTHING""")
                .params(supporterId, at(now), by.name(), actor).update() == 1;
    }

    boolean erased(long supporterId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM erasure WHERE supporter_id = ?)").param(supporterId)
                .query(Boolean.class).single();
    }

    /** Erasures of supporters of this server, newest first: when and by whom. */
    java.util.List<Erasure> erasures(long instanceId, int limit) {
        return jdbc.sql("""
                        SELECT e.supporter_id, e.erased_at, e.erased_by, e.actor FROM erasure e
                        WHERE EXISTS (SELECT 1 FROM membership m WHERE m.supporter_id = e.supporter_id AND m.instance_id = :i)
                           OR EXISTS (SELECT 1 FROM checkout c WHERE c.supporter_id = e.supporter_id AND c.instance_id = :i)
                        ORDER BY e.erased_at DESC LIMIT :limit""")
                .param("i", instanceId).param("limit", limit)
                .query((rs, row) -> new Erasure(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                        ErasedBy.valueOf(rs.getString(3)), rs.getString(4)))
                .list();
    }

    record Erasure(long supporterId, Instant at, ErasedBy by, @Nullable String actor) {
    }

    void recordRetentionRun(Instant ranAt, String purged) {
        jdbc.sql("INSERT INTO retention_run (ran_at, purged) VALUES (?, ?)").params(at(ranAt), purged).update();
        // A year of daily runs is plenty to look back on.
        jdbc.sql("DELETE FROM retention_run WHERE ran_at < ?").param(at(ranAt.minus(java.time.Duration.ofDays(366))))
                .update();
    }

    Optional<RetentionRun> lastRetentionRun() {
        return jdbc.sql("SELECT ran_at, purged FROM retention_run ORDER BY ran_at DESC, id DESC LIMIT 1")
                .query((rs, row) -> new RetentionRun(rs.getObject(1, OffsetDateTime.class).toInstant(),
                        rs.getString(2)))
                .optional();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
