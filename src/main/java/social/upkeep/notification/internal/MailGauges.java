package social.upkeep.notification.internal;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import social.upkeep.shared.Gauges;

/** The outbox for a cluster's monitoring: mail waiting to be sent, and mail that could not be sent. */
@Component
class MailGauges extends Gauges {

    private final JdbcClient jdbc;

    MailGauges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    protected List<GaugeSnapshot> read() {
        Map<List<String>, Long> mail = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT s.status, count(m.id) AS n FROM (VALUES ('PENDING'), ('FAILED')) s (status)
                        LEFT JOIN mail_outbox m ON m.status = s.status GROUP BY s.status ORDER BY s.status""")
                .query(rs -> {
                    mail.put(labels("status", rs.getString("status").toLowerCase()), rs.getLong("n"));
                });
        return List.of(gauge("upkeep_mail", "Mail in the outbox waiting to be sent (pending) or given up (failed)",
                mail));
    }
}
