package social.upkeep.supporter;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Locale;
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

    /** The supporter behind a fediverse account, identified by its actor URI; the handle may have changed. */
    @Transactional
    public Supporter signedInWithFediverse(String actorUri, String handle, String homeHost) {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        long id = jdbc.sql("""
                        INSERT INTO supporter (actor_uri, handle, home_host, created_at, last_signed_in_at)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (actor_uri) DO UPDATE SET handle = excluded.handle, home_host = excluded.home_host,
                            last_signed_in_at = excluded.last_signed_in_at
                        RETURNING id""")
                .params(actorUri, handle, homeHost, now, now).query(Long.class).single();
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
        String tag = locale.getLanguage().isBlank() ? "en" : locale.getLanguage();
        jdbc.sql("UPDATE supporter SET locale = ? WHERE id = ? AND locale IS DISTINCT FROM ?").params(tag, id, tag)
                .update();
    }
}
