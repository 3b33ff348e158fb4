package social.upkeep.billing;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

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

    public List<String> listed(long instanceId) {
        return jdbc.sql("""
                        SELECT CASE l.listing WHEN 'NAME' THEN l.public_name ELSE s.handle END AS name
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
                .query(String.class).list();
    }
}
