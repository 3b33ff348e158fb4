package social.upkeep.supporter.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import social.upkeep.shared.PersonalData;

/** The supporter's identity and the sign-in links sent to their address (when, not the links themselves). */
@Component
class SupporterData implements PersonalData {

    private final JdbcClient jdbc;

    SupporterData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<String> tables() {
        return List.of("supporter", "email_signin_link");
    }

    @Override
    public Map<String, List<Map<String, Object>>> rowsAbout(Person person) {
        Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
        rows.put("supporter", PersonalData.plain(jdbc.sql("SELECT * FROM supporter WHERE id = ?")
                .param(person.supporterId()).query().listOfRows()));
        rows.put("email_signin_link", PersonalData.plain(jdbc.sql("""
                        SELECT email, expires_at, used_at FROM email_signin_link WHERE email = ? ORDER BY expires_at""")
                .param(String.valueOf(person.email())).query().listOfRows()));
        return rows;
    }
}
