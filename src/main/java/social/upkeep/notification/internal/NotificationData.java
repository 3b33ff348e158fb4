package social.upkeep.notification.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import social.upkeep.shared.PersonalData;
import social.upkeep.shared.Retention;

/** Mail sent to the supporter's address (with its text), their mail choices, and their direct messages. */
@Component
class NotificationData implements PersonalData {

    private final JdbcClient jdbc;
    private final Clock clock;

    NotificationData(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public List<String> tables() {
        return List.of("mail_outbox", "mail_optout", "mail_optin", "fediverse_notice", "notice_optout");
    }

    @Override
    public Map<String, List<Map<String, Object>>> rowsAbout(Person person) {
        String email = String.valueOf(person.email());
        Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
        rows.put("mail_outbox", PersonalData.plain(jdbc.sql("""
                        SELECT id, recipient, subject, body_text, status, created_at, sent_at FROM mail_outbox
                        WHERE recipient = ? ORDER BY created_at, id""").param(email).query().listOfRows()));
        rows.put("mail_optout", PersonalData.plain(jdbc.sql("SELECT * FROM mail_optout WHERE email = ? ORDER BY kind")
                .param(email).query().listOfRows()));
        rows.put("mail_optin", PersonalData.plain(jdbc.sql("SELECT * FROM mail_optin WHERE email = ? ORDER BY kind")
                .param(email).query().listOfRows()));
        rows.put("fediverse_notice", PersonalData.plain(jdbc.sql("""
                        SELECT id, instance_id, recipient, body, language, status, created_at, sent_at
                        FROM fediverse_notice WHERE supporter_id = ? ORDER BY created_at, id""")
                .param(person.supporterId()).query().listOfRows()));
        rows.put("notice_optout", PersonalData.plain(jdbc.sql("SELECT * FROM notice_optout WHERE supporter_id = ?")
                .param(person.supporterId()).query().listOfRows()));
        return rows;
    }

    /**
     * Mail and direct messages not yet sent are dropped; those sent keep their subject, status and dates under the
     * pseudonym, without their text. Their mail choices go.
     */
    @Override
    public void erase(Person person) {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        if (person.email() != null) {
            jdbc.sql("DELETE FROM mail_outbox WHERE recipient = ? AND status = 'PENDING'").param(person.email()).update();
            jdbc.sql("""
                            UPDATE mail_outbox SET recipient = ?, body_text = '', body_html = NULL, unsubscribe_url = NULL,
                                last_error = NULL, purged_at = ?
                            WHERE recipient = ?""")
                    .params(person.pseudonym(), now, person.email()).update();
            jdbc.sql("DELETE FROM mail_optout WHERE email = ?").param(person.email()).update();
            jdbc.sql("DELETE FROM mail_optin WHERE email = ?").param(person.email()).update();
        }
        jdbc.sql("DELETE FROM fediverse_notice WHERE supporter_id = ? AND status = 'PENDING'")
                .param(person.supporterId()).update();
        jdbc.sql("""
                        UPDATE fediverse_notice SET recipient = ?, body = '', last_error = NULL, purged_at = ?
                        WHERE supporter_id = ?""")
                .params(person.pseudonym(), now, person.supporterId()).update();
        jdbc.sql("DELETE FROM notice_optout WHERE supporter_id = ?").param(person.supporterId()).update();
    }

    /** The text of mail and direct messages sent (or given up) longer ago than their retention. */
    @Override
    public Map<String, Integer> purge(Retention retention, Instant now) {
        var at = now.atOffset(ZoneOffset.UTC);
        var before = now.minus(retention.messageBodies()).atOffset(ZoneOffset.UTC);
        int mails = jdbc.sql("""
                        UPDATE mail_outbox SET body_text = '', body_html = NULL, unsubscribe_url = NULL, purged_at = ?
                        WHERE purged_at IS NULL AND status <> 'PENDING' AND coalesce(sent_at, created_at) < ?""")
                .params(at, before).update();
        int notices = jdbc.sql("""
                        UPDATE fediverse_notice SET body = '', purged_at = ?
                        WHERE purged_at IS NULL AND status <> 'PENDING' AND coalesce(sent_at, created_at) < ?""")
                .params(at, before).update();
        return Map.of("mail-bodies", mails, "notice-bodies", notices);
    }
}
