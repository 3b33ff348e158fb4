package social.upkeep.signin.internal;

import org.jspecify.annotations.Nullable;
import java.util.HashMap;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import social.upkeep.notification.MailOutbox;
import social.upkeep.notification.MailTemplates;
import social.upkeep.notification.OutgoingMail;
import social.upkeep.shared.LinkTokens;

/**
 * One-time sign-in links by email: valid 15 minutes, used once, only their hash stored. Asking for one says
 * the same whether or not the address is known, and an address gets at most three live links at a time. One
 * client address may ask for at most {@value #LINKS_PER_CLIENT_AN_HOUR} links an hour, whatever the recipients, so
 * Upkeep cannot be used to mail strangers in bulk.
 */
@Service
class EmailLinks {

    static final Duration VALID_FOR = Duration.ofMinutes(15);
    private static final int LIVE_LINKS_PER_ADDRESS = 3;
    static final int LINKS_PER_CLIENT_AN_HOUR = 10;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s<>\"]{1,64}@[a-z0-9.-]{1,253}\\.[a-z]{2,63}$");

    private final JdbcClient jdbc;
    private final MailOutbox outbox;
    private final MailTemplates templates;
    private final Clock clock;

    EmailLinks(JdbcClient jdbc, MailOutbox outbox, MailTemplates templates, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.templates = templates;
        this.clock = clock;
    }

    /** Links are only offered where mail leaves this Upkeep: an unsent link would help nobody. */
    boolean available() {
        return outbox.delivers();
    }

    static Optional<String> normalise(String typed) {
        String email = typed.strip().toLowerCase(Locale.ROOT);
        return email.length() <= 254 && EMAIL.matcher(email).matches() ? Optional.of(email) : Optional.empty();
    }

    /**
     * Mails a link to {@code email} unless it has enough live ones already; false (and nothing sent) when the
     * client at {@code client} has asked for too many links this hour.
     */
    @Transactional
    boolean send(String email, String client, String signInUrlBase, Locale locale, @Nullable String next,
            @Nullable String supporting) {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(?))").param("email-signin-client:" + client).query().singleRow();
        int asked = jdbc.sql("SELECT count(*) FROM email_signin_link WHERE requested_from = ? AND requested_at > ?")
                .params(client, now.minusHours(1)).query(Integer.class).single();
        if (asked >= LINKS_PER_CLIENT_AN_HOUR) {
            return false;
        }
        // One address at a time, so two quick requests cannot both slip under the limit.
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(?))").param("email-signin:" + email).query().singleRow();
        int live = jdbc.sql("SELECT count(*) FROM email_signin_link WHERE email = ? AND expires_at > ? AND used_at IS NULL")
                .params(email, now).query(Integer.class).single();
        if (live >= LIVE_LINKS_PER_ADDRESS) {
            return true;
        }
        String token = LinkTokens.next();
        String hash = LinkTokens.hash(token);
        jdbc.sql("""
                        INSERT INTO email_signin_link (token_hash, email, expires_at, requested_from, requested_at,
                            next_path)
                        VALUES (?, ?, ?, ?, ?, ?)""")
                .params(hash, email, now.plus(VALID_FOR), client, now, next).update();
        Map<String, Object> values = new HashMap<>(Map.of("url", signInUrlBase + token, "minutes",
                VALID_FOR.toMinutes()));
        if (supporting != null) {
            values.put("server", supporting);
        }
        var mail = templates.render("signin-link", "email-signin.mail.subject", locale, values);
        // A security mail: no unsubscribe link; confidential, so its text is wiped once sent.
        outbox.queue(new OutgoingMail("email-signin:" + hash, email, mail.subject(), mail.text(), true, mail.html(),
                "Upkeep", null));
        return true;
    }

    /** A used link: whose address it was for, and the support page they were going to, if any. */
    record Used(String email, @Nullable String next) {
    }

    /** The address a link was for, once: a second use, an expired or an unknown link gives nothing. */
    @Transactional
    Optional<Used> use(String token) {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        return jdbc.sql("""
                        UPDATE email_signin_link SET used_at = ?
                        WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING email, next_path""")
                .params(now, LinkTokens.hash(token), now)
                .query((rs, row) -> new Used(rs.getString(1), rs.getString(2))).optional();
    }

    /** Where a live link's sign-in will lead, without using it (its page names the server). */
    Optional<String> nextOf(String token) {
        return jdbc.sql("""
                        SELECT next_path FROM email_signin_link
                        WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?""")
                .params(LinkTokens.hash(token), clock.instant().atOffset(ZoneOffset.UTC))
                .query((rs, row) -> Optional.ofNullable(rs.getString(1))).optional().flatMap(next -> next);
    }
}
