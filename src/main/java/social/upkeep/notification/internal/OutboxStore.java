package social.upkeep.notification.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import social.upkeep.notification.OutgoingMail;

/** The mail_outbox table. */
@Repository
public class OutboxStore {

    /** A mail as kept in the outbox. */
    public record StoredMail(long id, String recipient, String subject, String text, String status, int attempts,
            @Nullable String lastError, OffsetDateTime createdAt, @Nullable OffsetDateTime sentAt,
            boolean confidential, @Nullable String html, @Nullable String senderName,
            @Nullable String unsubscribeUrl) {
    }

    private final JdbcClient jdbc;
    private final SmtpSettings smtp;

    OutboxStore(JdbcClient jdbc, SmtpSettings smtp) {
        this.jdbc = jdbc;
        this.smtp = smtp;
    }

    public boolean insert(OutgoingMail mail, Instant now) {
        return jdbc.sql("""
                        INSERT INTO mail_outbox (cause_key, recipient, subject, body_text, status, created_at, confidential,
                            body_html, sender_name, unsubscribe_url)
                        VALUES (:cause, :recipient, :subject, :text, :status, :now, :confidential, :html, :sender,
                            :unsubscribe)
                        ON CONFLICT (cause_key) DO NOTHING""")
                .param("cause", mail.causeKey())
                .param("recipient", mail.recipient())
                .param("subject", mail.subject())
                .param("text", mail.text())
                .param("confidential", mail.confidential())
                .param("html", mail.html())
                .param("sender", mail.senderName())
                .param("unsubscribe", mail.unsubscribeUrl())
                .param("status", smtp.configured() ? "PENDING" : "NOT_SENT")
                .param("now", at(now))
                .update() == 1;
    }

    /** Locks up to {@code limit} pending mails for this transaction; other nodes skip them. */
    List<StoredMail> lockPending(int limit, Instant now) {
        return jdbc.sql("""
                        SELECT * FROM mail_outbox WHERE status = 'PENDING'
                          AND (next_attempt_at IS NULL OR next_attempt_at <= :now)
                        ORDER BY created_at, id LIMIT :limit FOR UPDATE SKIP LOCKED""")
                .param("limit", limit).param("now", at(now))
                .query(OutboxStore::map)
                .list();
    }

    void markSent(long id, Instant now) {
        jdbc.sql("UPDATE mail_outbox SET status = 'SENT', sent_at = :now, attempts = attempts + 1, last_error = NULL, "
                        + "body_text = CASE WHEN confidential THEN '' ELSE body_text END, "
                        + "body_html = CASE WHEN confidential THEN NULL ELSE body_html END "
                        + "WHERE id = :id")
                .param("id", id).param("now", at(now)).update();
    }

    void markAttemptFailed(long id, String error, boolean giveUp, Instant nextAttempt) {
        jdbc.sql("UPDATE mail_outbox SET attempts = attempts + 1, last_error = :error, next_attempt_at = :next, "
                        + "status = CASE WHEN :giveUp THEN 'FAILED' ELSE status END WHERE id = :id")
                .param("id", id).param("error", error.length() > 500 ? error.substring(0, 500) : error)
                .param("giveUp", giveUp).param("next", at(nextAttempt)).update();
    }

    public List<StoredMail> newest(int limit) {
        return jdbc.sql("SELECT * FROM mail_outbox ORDER BY created_at DESC, id DESC LIMIT :limit")
                .param("limit", limit)
                .query(OutboxStore::map)
                .list();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static StoredMail map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new StoredMail(rs.getLong("id"), rs.getString("recipient"), rs.getString("subject"),
                rs.getString("body_text"), rs.getString("status"), rs.getInt("attempts"), rs.getString("last_error"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("sent_at", OffsetDateTime.class),
                rs.getBoolean("confidential"), rs.getString("body_html"), rs.getString("sender_name"),
                rs.getString("unsubscribe_url"));
    }
}
