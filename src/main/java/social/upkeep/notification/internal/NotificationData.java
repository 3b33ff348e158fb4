package social.upkeep.notification.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import social.upkeep.shared.PersonalData;

/** Mail sent to the supporter's address (with its text), their mail choices, and their direct messages. */
@Component
class NotificationData implements PersonalData {

    private final JdbcClient jdbc;

    NotificationData(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
}
