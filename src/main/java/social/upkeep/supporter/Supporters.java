package social.upkeep.supporter;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Finds or records supporters as they sign in. */
@Service
public class Supporters {

    private final JdbcClient jdbc;
    private final Clock clock;

    Supporters(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * The supporter behind a fediverse account, identified by what the server it signed in on can vouch for: that
     * host and the server's own id of the account. The handle and actor URI are labels and may change. Rows from
     * before the account id was kept are matched once by host and actor URI and then keep the id.
     */
    @Transactional
    public Supporter signedInWithFediverse(String homeHost, String accountId, String actorUri, String handle) {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        jdbc.sql("""
                        UPDATE supporter SET account_id = :account
                        WHERE id = (SELECT min(id) FROM supporter
                                    WHERE account_id IS NULL AND home_host = :host AND actor_uri = :actor)
                          AND NOT EXISTS (SELECT 1 FROM supporter WHERE home_host = :host AND account_id = :account)""")
                .param("account", accountId).param("host", homeHost).param("actor", actorUri).update();
        long id = jdbc.sql("""
                        INSERT INTO supporter (home_host, account_id, actor_uri, handle, created_at, last_signed_in_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (home_host, account_id) WHERE account_id IS NOT NULL
                        DO UPDATE SET actor_uri = excluded.actor_uri, handle = excluded.handle,
                            last_signed_in_at = excluded.last_signed_in_at
                        RETURNING id""")
                .params(homeHost, accountId, actorUri, handle, now, now).query(Long.class).single();
        return get(id).orElseThrow();
    }

    @Transactional
    public Supporter signedInWithEmail(String email) {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        long id = jdbc.sql("""
                        INSERT INTO supporter (email, created_at, last_signed_in_at) VALUES (?, ?, ?)
                        ON CONFLICT (email) DO UPDATE SET last_signed_in_at = excluded.last_signed_in_at
                        RETURNING id""")
                .params(email.toLowerCase(Locale.ROOT), now, now).query(Long.class).single();
        return get(id).orElseThrow();
    }

    /** A supporter by their handle ({@code @name@domain}) or email address, as they signed in with it. */
    public Optional<Supporter> find(String handleOrEmail) {
        String wanted = handleOrEmail.strip().toLowerCase(Locale.ROOT);
        String handle = wanted.startsWith("@") ? wanted : "@" + wanted;
        return jdbc.sql("SELECT id FROM supporter WHERE lower(handle) = ? OR email = ? ORDER BY id LIMIT 1")
                .params(handle, wanted).query(Long.class).optional().flatMap(this::get);
    }

    public Optional<Supporter> get(long id) {
        return jdbc.sql("SELECT id, actor_uri, handle, home_host, email FROM supporter WHERE id = ?").param(id)
                .query((rs, row) -> new Supporter(rs.getLong("id"), rs.getString("actor_uri"), rs.getString("handle"),
                        rs.getString("home_host"), rs.getString("email")))
                .optional();
    }

    /** The language the supporter last used Upkeep's pages in (their mail comes in it); English until then. */
    public Locale locale(long id) {
        return jdbc.sql("SELECT locale FROM supporter WHERE id = ?").param(id).query(String.class).optional()
                .filter(tag -> tag != null && !tag.isBlank()).map(Locale::forLanguageTag).orElse(Locale.ENGLISH);
    }

    public void rememberLocale(long id, Locale locale) {
        String tag = locale.getLanguage().isBlank() ? "en" : locale.toLanguageTag();
        jdbc.sql("UPDATE supporter SET locale = ? WHERE id = ? AND locale IS DISTINCT FROM ?").params(tag, id, tag)
                .update();
    }
}
