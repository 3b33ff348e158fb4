package social.upkeep.membership.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import social.upkeep.shared.PersonalData;

/** The supporter's memberships and every change of each (its timeline). */
@Component
class MembershipData implements PersonalData {

    private final JdbcClient jdbc;

    MembershipData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<String> tables() {
        return List.of("membership", "membership_change");
    }

    @Override
    public Map<String, List<Map<String, Object>>> rowsAbout(Person person) {
        Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
        rows.put("membership", PersonalData.plain(jdbc.sql("SELECT * FROM membership WHERE supporter_id = ? ORDER BY id")
                .param(person.supporterId()).query().listOfRows()));
        rows.put("membership_change", PersonalData.plain(jdbc.sql("""
                        SELECT c.* FROM membership_change c JOIN membership m ON m.id = c.membership_id
                        WHERE m.supporter_id = ? ORDER BY c.membership_id, c.at, c.id""")
                .param(person.supporterId()).query().listOfRows()));
        return rows;
    }

    /** Memberships stay (with their amounts and timeline); only the operator's note about the person goes. */
    @Override
    public void erase(Person person) {
        jdbc.sql("UPDATE membership SET note = NULL WHERE supporter_id = ?").param(person.supporterId()).update();
    }
}
