package social.upkeep.posting.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import social.upkeep.shared.PersonalData;

/**
 * That a thank-you post named the supporter. The post itself is public on the server and stays there, as any
 * post does; Upkeep's record of it goes with an erasure.
 */
@Component
class PostingData implements PersonalData {

    private final JdbcClient jdbc;

    PostingData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<String> tables() {
        return List.of("post_thanked");
    }

    @Override
    public Map<String, List<Map<String, Object>>> rowsAbout(Person person) {
        Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
        rows.put("post_thanked", PersonalData.plain(jdbc.sql("SELECT * FROM post_thanked WHERE supporter_id = ?")
                .param(person.supporterId()).query().listOfRows()));
        return rows;
    }

    @Override
    public void erase(Person person) {
        jdbc.sql("DELETE FROM post_thanked WHERE supporter_id = ?").param(person.supporterId()).update();
    }
}
