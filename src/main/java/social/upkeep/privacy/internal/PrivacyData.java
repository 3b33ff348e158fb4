package social.upkeep.privacy.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import social.upkeep.shared.PersonalData;

/** The record that a supporter's data was erased: when and by whom. It stays; it says nothing about them. */
@Component
class PrivacyData implements PersonalData {

    private final JdbcClient jdbc;

    PrivacyData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<String> tables() {
        return List.of("erasure");
    }

    @Override
    public Map<String, List<Map<String, Object>>> rowsAbout(Person person) {
        Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
        rows.put("erasure", PersonalData.plain(jdbc.sql("SELECT * FROM erasure WHERE supporter_id = ?")
                .param(person.supporterId()).query().listOfRows()));
        return rows;
    }

    @Override
    public void erase(Person person) {
        // The erasure record is written by the erasure itself, and is what proves it was done.
    }
}
