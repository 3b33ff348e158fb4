package social.upkeep.rolesync.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Role sync's tables: settings and run state, managed roles, Upkeep's grants and the change log. */
@Repository
class RoleSyncStore {

    private static final int ANSWER_LENGTH = 2000;

    private final JdbcClient jdbc;

    RoleSyncStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The audit rows of an erased supporter's account that are settled name the pseudonym instead, without the
     * server's answer; a change still to be made keeps the username it must be made to.
     */
    int forget(long instanceId, String username, String pseudonym) {
        return jdbc.sql("""
                        UPDATE role_change SET username = ?, answer = NULL
                        WHERE instance_id = ? AND username = ? AND status IN ('APPLIED', 'SKIPPED', 'RESOLVED')""")
                .params(pseudonym, instanceId, username).update();
    }

    SyncSettings settings(long instanceId) {
        return jdbc.sql("SELECT * FROM role_sync WHERE instance_id = ?").param(instanceId)
                .query(RoleSyncStore::settings).optional().orElse(SyncSettings.defaults(instanceId));
    }

    List<Long> enabledServers() {
        return jdbc.sql("SELECT instance_id FROM role_sync WHERE enabled ORDER BY instance_id").query(Long.class).list();
    }

    void saveSettings(long instanceId, boolean enabled, SyncSettings.Writer writer, @Nullable String grantCommand,
            @Nullable String removeCommand, double safetyShare, Instant now) {
        jdbc.sql("""
                        INSERT INTO role_sync (instance_id, enabled, writer, grant_command, remove_command, safety_share,
                            dirty, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, true, ?)
                        ON CONFLICT (instance_id) DO UPDATE SET enabled = excluded.enabled, writer = excluded.writer,
                            grant_command = excluded.grant_command, remove_command = excluded.remove_command,
                            safety_share = excluded.safety_share, dirty = true, updated_at = excluded.updated_at""")
                .params(instanceId, enabled, writer.name(), grantCommand, removeCommand,
                        BigDecimal.valueOf(safetyShare), at(now))
                .update();
    }

    /** Takes the server's run lease; false when another run holds it. */
    boolean claim(long instanceId, Instant now, Instant until) {
        jdbc.sql("INSERT INTO role_sync (instance_id, updated_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(instanceId, at(now)).update();
        return jdbc.sql("""
                        UPDATE role_sync SET running_until = ?, updated_at = ?
                        WHERE instance_id = ? AND (running_until IS NULL OR running_until < ?)""")
                .params(at(until), at(now), instanceId, at(now)).update() == 1;
    }

    void release(long instanceId) {
        jdbc.sql("UPDATE role_sync SET running_until = NULL WHERE instance_id = ?").param(instanceId).update();
    }

    void markDirty(long instanceId) {
        jdbc.sql("UPDATE role_sync SET dirty = true WHERE instance_id = ?").param(instanceId).update();
    }

    /** A full run starts: what it reads covers everything asked for before. */
    void clearDirty(long instanceId) {
        jdbc.sql("UPDATE role_sync SET dirty = false WHERE instance_id = ?").param(instanceId).update();
    }

    void paused(long instanceId, Instant until) {
        jdbc.sql("UPDATE role_sync SET paused_until = ?, dirty = true WHERE instance_id = ?")
                .params(at(until), instanceId).update();
    }

    void ran(long instanceId, Instant now, Instant next) {
        jdbc.sql("""
                        UPDATE role_sync SET last_run_at = ?, next_run_at = ?, paused_until = NULL, failures = 0,
                            last_error = NULL WHERE instance_id = ?""")
                .params(at(now), at(next), instanceId).update();
    }

    void runFailed(long instanceId, String error, Instant retryAt) {
        jdbc.sql("""
                        UPDATE role_sync SET failures = failures + 1, last_error = ?, next_run_at = ?, dirty = false
                        WHERE instance_id = ?""")
                .params(truncate(error, 500), at(retryAt), instanceId).update();
    }

    List<ManagedRoleRow> roles(long instanceId) {
        return jdbc.sql("SELECT * FROM role_sync_role WHERE instance_id = ? ORDER BY name").param(instanceId)
                .query((rs, row) -> new ManagedRoleRow(rs.getString("name"), rs.getString("remote_id"),
                        rs.getBoolean("entirely_managed"), (Integer) rs.getObject("holders"),
                        rs.getBoolean("approved"), rs.getBoolean("staff")))
                .list();
    }

    /** Makes sure every role a tier names has a row (new roles start not entirely managed). */
    void knowRoles(long instanceId, List<String> names) {
        for (String name : names) {
            jdbc.sql("INSERT INTO role_sync_role (instance_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING")
                    .params(instanceId, name).update();
        }
    }

    void saveRole(long instanceId, String name, @Nullable String remoteId, boolean entirelyManaged) {
        jdbc.sql("UPDATE role_sync_role SET remote_id = ?, entirely_managed = ? WHERE instance_id = ? AND name = ?")
                .params(remoteId, entirelyManaged, instanceId, name).update();
    }

    /** The owner's word on whether this role name may reach the role command. */
    void approve(long instanceId, String name, boolean approved) {
        jdbc.sql("UPDATE role_sync_role SET approved = ? WHERE instance_id = ? AND name = ?")
                .params(approved, instanceId, name).update();
    }

    /** The server showed this role with staff rights: from now on Upkeep leaves it alone. */
    void markStaff(long instanceId, String name) {
        jdbc.sql("UPDATE role_sync_role SET staff = true WHERE instance_id = ? AND name = ? AND NOT staff")
                .params(instanceId, name).update();
    }

    /** Whether operators other than the owner see the role command's output (the owner's choice). */
    void showOutput(long instanceId, boolean show) {
        jdbc.sql("UPDATE role_sync SET show_output = ? WHERE instance_id = ?").params(show, instanceId).update();
    }

    /** A role's id learned from an account holding it, kept unless the operator set one. */
    void learnRoleId(long instanceId, String name, String remoteId) {
        jdbc.sql("UPDATE role_sync_role SET remote_id = ? WHERE instance_id = ? AND name = ? AND remote_id IS NULL")
                .params(remoteId, instanceId, name).update();
    }

    void holders(long instanceId, String name, int holders) {
        jdbc.sql("UPDATE role_sync_role SET holders = ? WHERE instance_id = ? AND name = ?")
                .params(holders, instanceId, name).update();
    }

    Map<String, String> grants(long instanceId) {
        Map<String, String> grants = new HashMap<>();
        jdbc.sql("SELECT username, role FROM role_grant WHERE instance_id = ?").param(instanceId)
                .query((ResultSet rs) -> {
                    grants.put(rs.getString("username"), rs.getString("role"));
                });
        return grants;
    }

    void granted(long instanceId, String username, String role, Instant now) {
        jdbc.sql("""
                        INSERT INTO role_grant (instance_id, username, role, granted_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (instance_id, username) DO UPDATE SET role = excluded.role,
                            granted_at = excluded.granted_at""")
                .params(instanceId, username, role, at(now)).update();
    }

    void removed(long instanceId, String username) {
        jdbc.sql("DELETE FROM role_grant WHERE instance_id = ? AND username = ?").params(instanceId, username).update();
    }

    List<RoleChange> open(long instanceId) {
        return jdbc.sql("""
                        SELECT * FROM role_change WHERE instance_id = ?
                          AND status IN ('PENDING', 'MANUAL', 'MARKED_DONE', 'HELD', 'FAILED', 'KEPT') ORDER BY id""")
                .param(instanceId).query(RoleSyncStore::change).list();
    }

    List<RoleChange> recent(long instanceId, int limit) {
        return jdbc.sql("SELECT * FROM role_change WHERE instance_id = ? ORDER BY updated_at DESC, id DESC LIMIT ?")
                .params(instanceId, limit).query(RoleSyncStore::change).list();
    }

    List<RoleChange> of(long instanceId, String username) {
        return jdbc.sql("SELECT * FROM role_change WHERE instance_id = ? AND username = ? ORDER BY id DESC LIMIT 50")
                .params(instanceId, username).query(RoleSyncStore::change).list();
    }

    Optional<RoleChange> change(long instanceId, long id) {
        return jdbc.sql("SELECT * FROM role_change WHERE instance_id = ? AND id = ?").params(instanceId, id)
                .query(RoleSyncStore::change).optional();
    }

    /** Removals of each role applied (or on their way) since {@code since}: the safety valve counts them. */
    Map<String, Integer> removedSince(long instanceId, Instant since) {
        Map<String, Integer> counts = new HashMap<>();
        jdbc.sql("""
                        SELECT role, count(*) AS n FROM role_change WHERE instance_id = ? AND action = 'REMOVE'
                          AND status IN ('PENDING', 'MANUAL', 'MARKED_DONE', 'APPLIED', 'FAILED') AND created_at >= ?
                        GROUP BY role""")
                .params(instanceId, at(since))
                .query((ResultSet rs) -> {
                    counts.put(rs.getString("role"), rs.getInt("n"));
                });
        return counts;
    }

    long plan(long instanceId, String username, String action, String role, @Nullable String holds,
            RoleChange.Status status, @Nullable Long membershipId, String cause, Instant now) {
        return jdbc.sql("""
                        INSERT INTO role_change (instance_id, username, action, role, holds, status, membership_id,
                            cause, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")
                .params(instanceId, username, action, role, holds, status.name(), membershipId,
                        truncate(cause, 200), at(now), at(now))
                .query(Long.class).single();
    }

    void update(long id, RoleChange.Status status, @Nullable String appliedBy, @Nullable String answer,
            Instant now) {
        jdbc.sql("""
                        UPDATE role_change SET status = ?, applied_by = coalesce(?, applied_by),
                            answer = coalesce(?, answer), next_attempt_at = NULL, updated_at = ? WHERE id = ?""")
                .params(status.name(), appliedBy == null ? null : truncate(appliedBy, 200),
                        answer == null ? null : truncate(answer, ANSWER_LENGTH), at(now), id)
                .update();
    }

    void attemptFailed(long id, RoleChange.Status status, String answer, @Nullable Instant nextAttempt, Instant now) {
        jdbc.sql("""
                        UPDATE role_change SET status = ?, attempts = attempts + 1, answer = ?, next_attempt_at = ?,
                            updated_at = ? WHERE id = ?""")
                .params(status.name(), truncate(answer, ANSWER_LENGTH), nextAttempt == null ? null : at(nextAttempt),
                        at(now), id)
                .update();
    }

    /** An operator sends a failed change (or one waiting for them) back to the writer. */
    void retry(long id, String by, Instant now) {
        jdbc.sql("""
                        UPDATE role_change SET status = 'PENDING', attempts = 0, next_attempt_at = NULL,
                            applied_by = ?, updated_at = ? WHERE id = ?""")
                .params(truncate(by, 200), at(now), id).update();
    }

    static String truncate(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length - 1) + "…";
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static SyncSettings settings(ResultSet rs, int row) throws SQLException {
        return new SyncSettings(rs.getLong("instance_id"), rs.getBoolean("enabled"),
                SyncSettings.Writer.valueOf(rs.getString("writer")), rs.getString("grant_command"),
                rs.getString("remove_command"), rs.getBigDecimal("safety_share").doubleValue(), rs.getBoolean("dirty"),
                instant(rs, "paused_until"), instant(rs, "last_run_at"), instant(rs, "next_run_at"),
                rs.getInt("failures"), rs.getString("last_error"), rs.getBoolean("show_output"));
    }

    private static RoleChange change(ResultSet rs, int row) throws SQLException {
        return new RoleChange(rs.getLong("id"), rs.getLong("instance_id"), rs.getString("username"),
                rs.getString("action"), rs.getString("role"), rs.getString("holds"),
                RoleChange.Status.valueOf(rs.getString("status")), (Long) rs.getObject("membership_id"),
                rs.getString("cause"), rs.getString("applied_by"), rs.getInt("attempts"),
                instant(rs, "next_attempt_at"), rs.getString("answer"), instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }
}
