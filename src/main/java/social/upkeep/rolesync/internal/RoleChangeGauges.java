package social.upkeep.rolesync.internal;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import social.upkeep.shared.Gauges;

/**
 * Role sync for a cluster's monitoring, per server: changes waiting (to be written, for the operator, or held
 * back) and changes that failed and wait for the operator.
 */
@Component
class RoleChangeGauges extends Gauges {

    private final JdbcClient jdbc;

    RoleChangeGauges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    protected List<GaugeSnapshot> read() {
        Map<List<String>, Long> changes = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT i.host, s.state, count(c.id) AS n
                        FROM instance i CROSS JOIN (VALUES ('waiting'), ('failed')) s (state)
                        LEFT JOIN role_change c ON c.instance_id = i.id AND CASE s.state
                            WHEN 'failed' THEN c.status = 'FAILED'
                            ELSE c.status IN ('PENDING', 'MANUAL', 'MARKED_DONE', 'HELD') END
                        GROUP BY i.host, s.state ORDER BY i.host, s.state""")
                .query(rs -> {
                    changes.put(labels("server", rs.getString("host"), "state", rs.getString("state")),
                            rs.getLong("n"));
                });
        return List.of(gauge("upkeep_role_changes", "Role changes per server waiting to be made on the server "
                + "(waiting) or failed and waiting for the operator (failed)", changes));
    }
}
