package social.upkeep.shared;

import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one module keeps about a supporter: for the supporter's own copy of their data (GDPR Articles 15 and 20),
 * for erasing it (Article 17) and for purging what has been kept long enough (Article 5(1)(e)). Each module names
 * every table it keeps about supporters, and gives that table's rows about this one supporter and nobody else;
 * secrets (token hashes, sealed tokens) are left out, everything else is given as stored.
 */
public interface PersonalData {

    /**
     * Who is asked about: the supporter's id, the address and handle other tables know them by, and the server
     * their account lives on.
     */
    record Person(long supporterId, @Nullable String email, @Nullable String handle, @Nullable String homeHost) {

        /** What replaces their name where a row must stay (a mail's recipient, say): never anything about them. */
        public String pseudonym() {
            return "former supporter " + supporterId;
        }
    }

    /** The tables this module keeps about supporters. */
    List<String> tables();

    /** Table name to its rows about {@code person}, in {@link #tables()}'s order. */
    Map<String, List<Map<String, Object>>> rowsAbout(Person person);

    /**
     * Removes what this module keeps about {@code person}, or replaces it by {@link Person#pseudonym()} where the
     * row must stay. Amounts, dates and ids stay, so every total and closed month is unchanged. Runs in the
     * erasure's transaction.
     */
    void erase(Person person);

    /** Purges what has been kept past {@code retention} at {@code now}; what it purged, by kind, counted. */
    default Map<String, Integer> purge(Retention retention, java.time.Instant now) {
        return Map.of();
    }

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
