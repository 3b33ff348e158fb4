package social.upkeep.shared;

import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one module keeps about a supporter, for the supporter's own copy of their data (GDPR Articles 15 and 20).
 * Each module names every table it keeps about supporters, and gives that table's rows about this one supporter and
 * nobody else; secrets (token hashes, sealed tokens) are left out, everything else is given as stored.
 */
public interface PersonalData {

    /** Who is asked about: the supporter's id, and the address and handle other tables know them by. */
    record Person(long supporterId, @Nullable String email, @Nullable String handle) {
    }

    /** The tables this module keeps about supporters. */
    List<String> tables();

    /** Table name to its rows about {@code person}, in {@link #tables()}'s order. */
    Map<String, List<Map<String, Object>>> rowsAbout(Person person);

    /** Rows as the export shows them: times as ISO 8601 instants, {@code null}s kept. */
    static List<Map<String, Object>> plain(List<Map<String, Object>> rows) {
        return rows.stream().map(row -> {
            Map<String, Object> plain = new LinkedHashMap<>();
            row.forEach((column, value) -> plain.put(column, value instanceof Timestamp time
                    ? time.toInstant().toString() : value));
            return plain;
        }).toList();
    }
}
