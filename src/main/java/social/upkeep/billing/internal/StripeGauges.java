package social.upkeep.billing.internal;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import social.upkeep.shared.Gauges;

/** Stripe's side for a cluster's monitoring: events waiting or given up per server, and reconciliation. */
@Component
class StripeGauges extends Gauges {

    private final JdbcClient jdbc;
    private final Clock clock;

    StripeGauges(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    protected List<GaugeSnapshot> read() {
        Map<List<String>, Long> events = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT i.host, s.status, count(e.event_id) AS n
                        FROM instance i CROSS JOIN (VALUES ('PENDING'), ('FAILED')) s (status)
                        LEFT JOIN stripe_event e ON e.instance_id = i.id AND e.status = s.status
                        GROUP BY i.host, s.status ORDER BY i.host, s.status""")
                .query(rs -> {
                    events.put(labels("server", rs.getString("host"), "status", rs.getString("status").toLowerCase()),
                            rs.getLong("n"));
                });
        OffsetDateTime oldest = jdbc.sql("SELECT min(received_at) FROM stripe_event WHERE status = 'PENDING'")
                .query(OffsetDateTime.class).optional().orElse(null);
        double oldestAge = oldest == null ? 0
                : Math.max(0, clock.instant().toEpochMilli() - oldest.toInstant().toEpochMilli()) / 1000.0;
        Map<List<String>, Double> reconciled = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT i.host, r.events_read_at FROM stripe_reconciliation r JOIN instance i ON i.id = r.instance_id
                        WHERE r.events_read_at IS NOT NULL ORDER BY i.host""")
                .query(rs -> {
                    reconciled.put(labels("server", rs.getString(1)),
                            (double) rs.getObject(2, OffsetDateTime.class).toEpochSecond());
                });
        return List.of(
                gauge("upkeep_stripe_events", "Stripe events stored and not yet applied (pending) or given up "
                        + "after three days of failures (failed), per server", events),
                gauge("upkeep_stripe_oldest_pending_event_age_seconds",
                        "How long the oldest pending Stripe event has waited to be applied", oldestAge),
                gauge("upkeep_stripe_last_reconciliation_timestamp_seconds",
                        "When Stripe's event list was last read successfully for the server (Unix time)", reconciled));
    }
}
