package social.upkeep.billing.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import social.upkeep.shared.PersonalData;
import social.upkeep.shared.Retention;

/**
 * The supporter's checkouts, Stripe customers, payments, how they are named on public pages, and invitations to
 * them (without the invitation link's hash).
 */
@Component
class BillingData implements PersonalData {

    private final JdbcClient jdbc;
    private final Clock clock;

    BillingData(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public List<String> tables() {
        return List.of("checkout", "stripe_customer", "payment", "supporter_listing", "complimentary_invitation");
    }

    @Override
    public Map<String, List<Map<String, Object>>> rowsAbout(Person person) {
        long id = person.supporterId();
        Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
        rows.put("checkout", rows("SELECT * FROM checkout WHERE supporter_id = ? ORDER BY id", id));
        rows.put("stripe_customer", rows("SELECT * FROM stripe_customer WHERE supporter_id = ? ORDER BY instance_id", id));
        rows.put("payment", rows("""
                SELECT p.* FROM payment p JOIN stripe_customer c
                    ON c.instance_id = p.instance_id AND c.customer_id = p.customer_id
                WHERE c.supporter_id = ? ORDER BY p.paid_at""", id));
        rows.put("supporter_listing", rows("SELECT * FROM supporter_listing WHERE supporter_id = ? ORDER BY instance_id",
                id));
        rows.put("complimentary_invitation", PersonalData.plain(jdbc.sql("""
                        SELECT id, instance_id, invited, tier_id, ends_at, note, invited_by, created_at, expires_at,
                            accepted_at, membership_id
                        FROM complimentary_invitation
                        WHERE invited IN (:handle, :email)
                           OR membership_id IN (SELECT m.id FROM membership m WHERE m.supporter_id = :id)
                        ORDER BY id""")
                .param("handle", String.valueOf(person.handle())).param("email", String.valueOf(person.email()))
                .param("id", id).query().listOfRows()));
        return rows;
    }

    /**
     * Their consent to be named goes, invitations to them keep only the pseudonym, and the Stripe events about
     * their customers lose their payloads (which hold the address Stripe was given); the events' ids stay, so a
     * redelivery is still recognised. An event not yet applied keeps its payload until retention purges it.
     */
    @Override
    public void erase(Person person) {
        long id = person.supporterId();
        jdbc.sql("DELETE FROM supporter_listing WHERE supporter_id = ?").param(id).update();
        jdbc.sql("""
                        UPDATE complimentary_invitation SET invited = :pseudonym, note = ''
                        WHERE invited IN (:handle, :email)
                           OR membership_id IN (SELECT m.id FROM membership m WHERE m.supporter_id = :id)""")
                .param("pseudonym", person.pseudonym()).param("handle", String.valueOf(person.handle()))
                .param("email", String.valueOf(person.email())).param("id", id).update();
        jdbc.sql("""
                        UPDATE stripe_event e SET payload = '{}', purged_at = :now
                        WHERE e.status IN ('APPLIED', 'IGNORED') AND e.purged_at IS NULL
                          AND (EXISTS (SELECT 1 FROM stripe_customer c
                                       WHERE c.supporter_id = :id AND c.instance_id = e.instance_id
                                         AND strpos(e.payload, c.customer_id) > 0)
                               OR EXISTS (SELECT 1 FROM checkout k
                                          WHERE k.supporter_id = :id AND k.instance_id = e.instance_id
                                            AND strpos(e.payload, '"checkout-' || k.id || '"') > 0)
                               OR (:email <> '' AND strpos(e.payload, :email) > 0))""")
                .param("now", clock.instant().atOffset(ZoneOffset.UTC)).param("id", id)
                .param("email", person.email() == null ? "" : person.email()).update();
    }

    /** Payloads of events applied or ignored longer ago than their retention; the ids and outcomes stay. */
    @Override
    public Map<String, Integer> purge(Retention retention, Instant now) {
        int events = jdbc.sql("""
                        UPDATE stripe_event SET payload = '{}', purged_at = :now
                        WHERE purged_at IS NULL AND status IN ('APPLIED', 'IGNORED') AND received_at < :before""")
                .param("now", now.atOffset(ZoneOffset.UTC))
                .param("before", now.minus(retention.stripePayloads()).atOffset(ZoneOffset.UTC)).update();
        return Map.of("stripe-payloads", events);
    }

    private List<Map<String, Object>> rows(String sql, long supporterId) {
        return PersonalData.plain(jdbc.sql(sql).param(supporterId).query().listOfRows());
    }
}
