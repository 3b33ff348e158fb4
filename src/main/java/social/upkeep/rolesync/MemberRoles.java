package social.upkeep.rolesync;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import social.upkeep.instance.Instances;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;

/** What role sync has done for a member, and how it stands on a server: for "my support" and the dashboard. */
@Service
public class MemberRoles {

    /**
     * A member's role on the server. {@code state}: HOLDS (Upkeep gave it, the server showed it), PENDING (on
     * its way, or waiting for the operator), KEPT (the account holds another role, such as a moderator's, that
     * Upkeep leaves alone: {@code holds} names it), ELSEWHERE (the member's account is on another server), NONE.
     */
    public record MemberRole(State state, @Nullable String role, @Nullable String holds) {
        public enum State { HOLDS, PENDING, KEPT, ELSEWHERE, NONE }
    }

    /** A server's role sync at a glance. {@code waiting}: changes waiting for the operator (by hand, held, failed). */
    public record Status(boolean enabled, int waiting, int failed, @Nullable Instant lastRunAt,
            @Nullable Instant nextRunAt, @Nullable Instant pausedUntil, @Nullable String lastError) {
    }

    private final JdbcClient jdbc;
    private final Supporters supporters;
    private final Instances instances;

    MemberRoles(JdbcClient jdbc, Supporters supporters, Instances instances) {
        this.jdbc = jdbc;
        this.supporters = supporters;
        this.instances = instances;
    }

    /** The supporter's role on a server for a tier naming {@code role}. */
    public MemberRole of(long instanceId, long supporterId, String role) {
        Optional<Supporter> supporter = supporters.get(supporterId);
        String host = instances.get(instanceId).host();
        if (supporter.isEmpty() || supporter.get().handle() == null || !host.equals(supporter.get().homeHost())) {
            return new MemberRole(MemberRole.State.ELSEWHERE, role, null);
        }
        String username = DesiredRoles.localName(supporter.get().handle());
        Optional<String> kept = jdbc.sql("""
                        SELECT holds FROM role_change WHERE instance_id = ? AND username = ? AND status = 'KEPT'
                        ORDER BY id DESC LIMIT 1""")
                .params(instanceId, username).query(String.class).optional();
        if (kept.isPresent()) {
            return new MemberRole(MemberRole.State.KEPT, role, kept.get());
        }
        boolean pending = jdbc.sql("""
                        SELECT count(*) FROM role_change WHERE instance_id = ? AND username = ? AND action = 'GRANT'
                          AND status IN ('PENDING', 'MANUAL', 'MARKED_DONE', 'HELD', 'FAILED')""")
                .params(instanceId, username).query(Integer.class).single() > 0;
        if (pending) {
            return new MemberRole(MemberRole.State.PENDING, role, null);
        }
        Optional<String> holds = jdbc.sql("SELECT role FROM role_grant WHERE instance_id = ? AND username = ?")
                .params(instanceId, username).query(String.class).optional();
        return holds.map(held -> new MemberRole(MemberRole.State.HOLDS, held, null))
                .orElse(new MemberRole(enabled(instanceId) ? MemberRole.State.PENDING : MemberRole.State.NONE, role,
                        null));
    }

    public boolean enabled(long instanceId) {
        return jdbc.sql("SELECT enabled FROM role_sync WHERE instance_id = ?").param(instanceId)
                .query(Boolean.class).optional().orElse(false);
    }

    public Status status(long instanceId) {
        int waiting = count(instanceId, "'MANUAL', 'HELD', 'FAILED'");
        int failed = count(instanceId, "'FAILED'");
        return jdbc.sql("SELECT * FROM role_sync WHERE instance_id = ?").param(instanceId)
                .query((rs, row) -> new Status(rs.getBoolean("enabled"), waiting, failed,
                        instant(rs.getObject("last_run_at", OffsetDateTime.class)),
                        instant(rs.getObject("next_run_at", OffsetDateTime.class)),
                        instant(rs.getObject("paused_until", OffsetDateTime.class)), rs.getString("last_error")))
                .optional().orElse(new Status(false, 0, 0, null, null, null, null));
    }

    private int count(long instanceId, String statuses) {
        return jdbc.sql("SELECT count(*) FROM role_change WHERE instance_id = ? AND status IN (" + statuses + ")")
                .param(instanceId).query(Integer.class).single();
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
