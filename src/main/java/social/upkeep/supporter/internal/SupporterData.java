package social.upkeep.supporter.internal;

import java.time.Clock;
import java.time.Duration;
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
 * The supporter's identity and the sign-in links sent to their address (when, not the links themselves). Erased,
 * the row stays (payments and memberships refer to it) with every personal column emptied, and their sessions end.
 */
@Component
class SupporterData implements PersonalData {

    private final JdbcClient jdbc;
    private final Clock clock;

    SupporterData(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
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

    @Override
    public void erase(Person person) {
        jdbc.sql("""
                        UPDATE supporter SET actor_uri = NULL, handle = NULL, home_host = NULL, email = NULL,
                            account_id = NULL, locale = NULL, erased_at = ?
                        WHERE id = ?""")
                .params(clock.instant().atOffset(ZoneOffset.UTC), person.supporterId()).update();
        jdbc.sql("DELETE FROM email_signin_link WHERE email = ?").param(String.valueOf(person.email())).update();
        // Sessions are indexed by the name they signed in with: the address, or the handle.
        jdbc.sql("DELETE FROM spring_session WHERE principal_name IN (?, ?)")
                .params(String.valueOf(person.email()), String.valueOf(person.handle())).update();
    }

    /**
     * Used or expired sign-in links, once the hour in which they count against their client's limit is over: the
     * daily job leaves none older than a day.
     */
    @Override
    public Map<String, Integer> purge(Retention retention, Instant now) {
        int links = jdbc.sql("""
                        DELETE FROM email_signin_link
                        WHERE (used_at IS NOT NULL OR expires_at <= :now)
                          AND coalesce(requested_at, expires_at) < :hourAgo""")
                .param("now", now.atOffset(ZoneOffset.UTC))
                .param("hourAgo", now.minus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC)).update();
        return Map.of("signin-links", links);
    }
}
