package social.upkeep.notification.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The direct messages waiting to go to supporters, and the supporters who want none. */
@Repository
public class NoticeStore {

    private final JdbcClient jdbc;

    NoticeStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Notice(long id, long instanceId, long supporterId, String causeKey, String recipient, String body,
            String language, String status, int attempts, @Nullable String lastError, Instant createdAt,
            @Nullable Instant sentAt) {
    }

    /** Queued once per cause: a second event with the same cause adds nothing. */
    public boolean queue(long instanceId, long supporterId, String causeKey, String recipient, String body, String language,
            Instant now) {
        return jdbc.sql("""
                        INSERT INTO fediverse_notice (instance_id, cause_key, supporter_id, recipient, body, language,
                            status, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)
                        ON CONFLICT (cause_key) DO NOTHING""")
                .params(instanceId, causeKey, supporterId, recipient, body, language, at(now), at(now)).update() == 1;
    }

    /** Locks up to {@code limit} due notices for this transaction; other nodes skip them. */
    List<Notice> lockDue(int limit, Instant now) {
        return jdbc.sql("""
                        SELECT * FROM fediverse_notice WHERE status = 'PENDING' AND next_attempt_at <= ?
                        ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED""")
                .params(at(now), limit).query((rs, row) -> map(rs)).list();
    }

    List<Notice> recent(long instanceId, int limit) {
        return jdbc.sql("SELECT * FROM fediverse_notice WHERE instance_id = ? ORDER BY created_at DESC, id DESC LIMIT ?")
                .params(instanceId, limit).query((rs, row) -> map(rs)).list();
    }

    void sent(long id, Instant now) {
        jdbc.sql("UPDATE fediverse_notice SET status = 'SENT', sent_at = ?, attempts = attempts + 1, last_error = NULL "
                + "WHERE id = ?").params(at(now), id).update();
    }

    void attemptFailed(long id, String error, boolean giveUp, Instant next) {
        jdbc.sql("""
                        UPDATE fediverse_notice SET status = ?, attempts = attempts + 1, last_error = ?,
                            next_attempt_at = ? WHERE id = ?""")
                .params(giveUp ? "FAILED" : "PENDING", error.length() > 500 ? error.substring(0, 500) : error,
                        at(next), id).update();
    }

    /** A failed notice of this server goes out again at the next run; false when there is no such notice. */
    boolean retry(long instanceId, long id, Instant now) {
        return jdbc.sql("""
                        UPDATE fediverse_notice SET status = 'PENDING', next_attempt_at = ?
                        WHERE instance_id = ? AND id = ? AND status = 'FAILED' AND purged_at IS NULL""")
                .params(at(now), instanceId, id).update() == 1;
    }

    public boolean optedOut(long supporterId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM notice_optout WHERE supporter_id = ?)").param(supporterId)
                .query(Boolean.class).single();
    }

    public void optOut(long supporterId, boolean out, Instant now) {
        if (out) {
            jdbc.sql("INSERT INTO notice_optout (supporter_id, opted_out_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
                    .params(supporterId, at(now)).update();
        } else {
            jdbc.sql("DELETE FROM notice_optout WHERE supporter_id = ?").param(supporterId).update();
        }
    }

    private static Notice map(java.sql.ResultSet rs) throws java.sql.SQLException {
        OffsetDateTime sent = rs.getObject("sent_at", OffsetDateTime.class);
        return new Notice(rs.getLong("id"), rs.getLong("instance_id"), rs.getLong("supporter_id"),
                rs.getString("cause_key"), rs.getString("recipient"), rs.getString("body"), rs.getString("language"),
                rs.getString("status"), rs.getInt("attempts"), rs.getString("last_error"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), sent == null ? null : sent.toInstant());
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
