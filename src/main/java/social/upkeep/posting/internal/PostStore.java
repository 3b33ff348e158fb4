package social.upkeep.posting.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import social.upkeep.instance.NoticeAccounts.Visibility;

/** Posting settings and wordings, the posts' outbox, and who has been thanked. */
@Repository
class PostStore {

    record Post(long id, long instanceId, String causeKey, PostKind kind, String body, String language,
            Visibility visibility, String status, int attempts, @Nullable String lastError, Instant createdAt,
            @Nullable Instant sentAt) {
    }

    private final JdbcClient jdbc;

    PostStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    PostingSettings settings(long instanceId) {
        return jdbc.sql("SELECT * FROM posting_settings WHERE instance_id = ?").param(instanceId)
                .query((rs, row) -> new PostingSettings(rs.getBoolean("enabled"), rs.getBoolean("month_report"),
                        rs.getBoolean("goal_reached"), rs.getBoolean("thanks"), rs.getString("language"),
                        Visibility.valueOf(rs.getString("visibility")), rs.getString("hashtags")))
                .optional().orElse(PostingSettings.DEFAULTS);
    }

    void save(long instanceId, PostingSettings settings, Instant now) {
        jdbc.sql("""
                        INSERT INTO posting_settings (instance_id, enabled, month_report, goal_reached, thanks, language,
                            visibility, hashtags, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (instance_id) DO UPDATE SET enabled = excluded.enabled,
                            month_report = excluded.month_report, goal_reached = excluded.goal_reached,
                            thanks = excluded.thanks, language = excluded.language, visibility = excluded.visibility,
                            hashtags = excluded.hashtags, updated_at = excluded.updated_at""")
                .params(instanceId, settings.enabled(), settings.monthReport(), settings.goalReached(),
                        settings.thanks(), settings.language(), settings.visibility().name(), settings.hashtags(),
                        at(now))
                .update();
    }

    Optional<String> template(long instanceId, PostKind kind, String language) {
        return jdbc.sql("SELECT body FROM post_template WHERE instance_id = ? AND kind = ? AND language = ?")
                .params(instanceId, kind.name(), language).query(String.class).optional();
    }

    void saveTemplate(long instanceId, PostKind kind, String language, @Nullable String body) {
        if (body == null) {
            jdbc.sql("DELETE FROM post_template WHERE instance_id = ? AND kind = ? AND language = ?")
                    .params(instanceId, kind.name(), language).update();
            return;
        }
        jdbc.sql("""
                        INSERT INTO post_template (instance_id, kind, language, body) VALUES (?, ?, ?, ?)
                        ON CONFLICT (instance_id, kind, language) DO UPDATE SET body = excluded.body""")
                .params(instanceId, kind.name(), language, body).update();
    }

    /** Queued once per cause: the same month or goal again adds nothing. */
    boolean queue(long instanceId, String causeKey, PostKind kind, String body, String language,
            Visibility visibility, Instant now) {
        return jdbc.sql("""
                        INSERT INTO fediverse_post (instance_id, cause_key, kind, body, language, visibility, status,
                            next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)
                        ON CONFLICT (cause_key) DO NOTHING""")
                .params(instanceId, causeKey, kind.name(), body, language, visibility.name(), at(now), at(now))
                .update() == 1;
    }

    /** Locks up to {@code limit} due posts for this transaction; other nodes skip them. */
    List<Post> lockDue(int limit, Instant now) {
        return jdbc.sql("""
                        SELECT * FROM fediverse_post WHERE status = 'PENDING' AND next_attempt_at <= ?
                        ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED""")
                .params(at(now), limit).query(PostStore::post).list();
    }

    List<Post> recent(long instanceId, int limit) {
        return jdbc.sql("SELECT * FROM fediverse_post WHERE instance_id = ? ORDER BY created_at DESC, id DESC LIMIT ?")
                .params(instanceId, limit).query(PostStore::post).list();
    }

    void sent(long id, Instant now) {
        jdbc.sql("UPDATE fediverse_post SET status = 'SENT', sent_at = ?, attempts = attempts + 1, last_error = NULL "
                + "WHERE id = ?").params(at(now), id).update();
    }

    void attemptFailed(long id, String error, boolean giveUp, Instant next) {
        jdbc.sql("""
                        UPDATE fediverse_post SET status = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = ?
                        WHERE id = ?""")
                .params(giveUp ? "FAILED" : "PENDING", error.length() > 500 ? error.substring(0, 500) : error,
                        at(next), id).update();
    }

    /** A failed post of this server goes out again at the next run; false when there is no such post. */
    boolean retry(long instanceId, long id, Instant now) {
        return jdbc.sql("""
                        UPDATE fediverse_post SET status = 'PENDING', next_attempt_at = ?
                        WHERE instance_id = ? AND id = ? AND status = 'FAILED'""")
                .params(at(now), instanceId, id).update() == 1;
    }

    Set<Long> thanked(long instanceId) {
        return Set.copyOf(jdbc.sql("SELECT supporter_id FROM post_thanked WHERE instance_id = ?").param(instanceId)
                .query(Long.class).list());
    }

    void markThanked(long instanceId, Collection<Long> supporters, Instant now) {
        for (long supporter : supporters) {
            jdbc.sql("INSERT INTO post_thanked (instance_id, supporter_id, thanked_at) VALUES (?, ?, ?) "
                    + "ON CONFLICT DO NOTHING").params(instanceId, supporter, at(now)).update();
        }
    }

    private static Post post(ResultSet rs, int row) throws SQLException {
        OffsetDateTime sent = rs.getObject("sent_at", OffsetDateTime.class);
        return new Post(rs.getLong("id"), rs.getLong("instance_id"), rs.getString("cause_key"),
                PostKind.valueOf(rs.getString("kind")), rs.getString("body"), rs.getString("language"),
                Visibility.valueOf(rs.getString("visibility")), rs.getString("status"), rs.getInt("attempts"),
                rs.getString("last_error"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                sent == null ? null : sent.toInstant());
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
