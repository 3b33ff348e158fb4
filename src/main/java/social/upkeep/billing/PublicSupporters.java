package social.upkeep.billing;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import social.upkeep.shared.Money;

/**
 * The supporters a server's public page may name: those who agreed to be listed (by handle or a name they
 * chose) and support it now, through a membership that entitles them or a payment in the last year.
 */
@Service
public class PublicSupporters {

    private static final Duration RECENT = Duration.ofDays(365);

    private final JdbcClient jdbc;
    private final Clock clock;

    PublicSupporters(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** How many support the server now, and what their recurring support adds up to a month. */
    public record Summary(int supporters, Money monthly) {
    }

    /**
     * Supporters now (an entitling membership, complimentary included, or a payment in the last year) and the
     * monthly sum of recurring support in the server's currency (a yearly amount counts a twelfth).
     */
    public Summary summary(long instanceId, Currency currency) {
        int supporters = jdbc.sql("""
                        SELECT count(*) FROM (
                            SELECT supporter_id FROM membership WHERE instance_id = :instance
                                AND state IN ('ACTIVE', 'PAST_DUE', 'CANCELLED', 'COMPLIMENTARY')
                            UNION
                            SELECT c.supporter_id FROM payment p JOIN stripe_customer c
                                ON c.instance_id = p.instance_id AND c.customer_id = p.customer_id
                            WHERE p.instance_id = :instance AND p.status = 'succeeded' AND p.paid_at > :since) s""")
                .param("instance", instanceId)
                .param("since", clock.instant().minus(RECENT).atOffset(ZoneOffset.UTC))
                .query(Integer.class).single();
        long monthly = jdbc.sql("""
                        SELECT coalesce(sum(CASE frequency WHEN 'YEAR' THEN amount_minor / 12 ELSE amount_minor END), 0)
                        FROM membership WHERE instance_id = ? AND currency = ? AND amount_minor IS NOT NULL
                            AND state IN ('ACTIVE', 'PAST_DUE', 'CANCELLED')""")
                .params(instanceId, currency.getCurrencyCode()).query(Long.class).single();
        return new Summary(supporters, new Money(monthly, currency));
    }

    /** How many members each tier has now (an entitling membership), for the places left on capped tiers. */
    public Map<Long, Integer> membersByTier(long instanceId) {
        Map<Long, Integer> members = new HashMap<>();
        jdbc.sql("""
                        SELECT tier_id, count(*) FROM membership WHERE instance_id = ? AND tier_id IS NOT NULL
                            AND state IN ('ACTIVE', 'PAST_DUE', 'CANCELLED', 'COMPLIMENTARY') GROUP BY tier_id""")
                .param(instanceId).query((rs, row) -> members.put(rs.getLong(1), rs.getInt(2))).list();
        return members;
    }

    /** A supporter the public page names, and the name it shows. */
    public record Listed(long supporterId, String name) {
    }

    public List<String> listed(long instanceId) {
        return listedSupporters(instanceId).stream().map(Listed::name).toList();
    }

    /** The supporters the public page names, by the name each chose to be shown with, alphabetically. */
    public List<Listed> listedSupporters(long instanceId) {
        return jdbc.sql("""
                        SELECT l.supporter_id, CASE l.listing WHEN 'NAME' THEN l.public_name ELSE s.handle END AS name
                        FROM supporter_listing l JOIN supporter s ON s.id = l.supporter_id
                        WHERE l.instance_id = :instance
                          AND (l.listing = 'NAME' OR s.handle IS NOT NULL)
                          AND (EXISTS (SELECT 1 FROM membership m WHERE m.instance_id = l.instance_id
                                        AND m.supporter_id = l.supporter_id
                                        AND m.state IN ('ACTIVE', 'PAST_DUE', 'CANCELLED', 'COMPLIMENTARY'))
                               OR EXISTS (SELECT 1 FROM payment p JOIN stripe_customer c
                                            ON c.instance_id = p.instance_id AND c.customer_id = p.customer_id
                                          WHERE c.instance_id = l.instance_id AND c.supporter_id = l.supporter_id
                                            AND p.status = 'succeeded' AND p.paid_at > :since))
                        ORDER BY lower(CASE l.listing WHEN 'NAME' THEN l.public_name ELSE s.handle END)""")
                .param("instance", instanceId)
                .param("since", clock.instant().minus(RECENT).atOffset(ZoneOffset.UTC))
                .query((rs, row) -> new Listed(rs.getLong(1), rs.getString(2))).list();
    }
}
