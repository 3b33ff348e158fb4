package social.upkeep.operator.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import social.upkeep.shared.PersonalData;
import social.upkeep.shared.Retention;

/**
 * The password sign-in throttle's rows: what was typed as the account and the address it came from. Someone may
 * have typed a supporter's address; those rows are theirs. Rows idle for a day and no longer locking go.
 */
@Component
class SignInTraces implements PersonalData {

    private final JdbcClient jdbc;

    SignInTraces(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<String> tables() {
        return List.of("signin_failure");
    }

    @Override
    public Map<String, List<Map<String, Object>>> rowsAbout(Person person) {
        Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
        rows.put("signin_failure", PersonalData.plain(jdbc.sql("""
                        SELECT * FROM signin_failure WHERE username IN (?, ?) ORDER BY last_failed_at""")
                .params(String.valueOf(person.email()), String.valueOf(person.handle())).query().listOfRows()));
        return rows;
    }

    @Override
    public void erase(Person person) {
        for (String table : List.of("signin_failure", "signin_lock_mail")) {
            jdbc.sql("DELETE FROM " + table + " WHERE username IN (?, ?)")
                    .params(String.valueOf(person.email()), String.valueOf(person.handle())).update();
        }
    }

    @Override
    public Map<String, Integer> purge(Retention retention, Instant now) {
        var at = now.atOffset(ZoneOffset.UTC);
        var dayAgo = now.minus(Retention.SIGN_IN_TRACES).atOffset(ZoneOffset.UTC);
        int failures = jdbc.sql("""
                        DELETE FROM signin_failure
                        WHERE last_failed_at < ? AND (locked_until IS NULL OR locked_until < ?)""")
                .params(dayAgo, at).update();
        failures += jdbc.sql("DELETE FROM signin_lock_mail WHERE mailed_at < ?").param(dayAgo).update();
        return Map.of("signin-throttle", failures);
    }
}
