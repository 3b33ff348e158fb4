package social.upkeep.billing.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import social.upkeep.shared.PersonalData;

/**
 * The supporter's checkouts, Stripe customers, payments, how they are named on public pages, and invitations to
 * them (without the invitation link's hash).
 */
@Component
class BillingData implements PersonalData {

    private final JdbcClient jdbc;

    BillingData(JdbcClient jdbc) {
        this.jdbc = jdbc;
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

    private List<Map<String, Object>> rows(String sql, long supporterId) {
        return PersonalData.plain(jdbc.sql(sql).param(supporterId).query().listOfRows());
    }
}
