package social.upkeep.notification;

import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.util.UriComponentsBuilder;
import social.upkeep.shared.PublicUrls;
import social.upkeep.shared.SecretBox;

/**
 * Opting out of optional mail, by address and kind, through a link only Upkeep can make: its token is a MAC of
 * the address and the kind, so a forged or altered link changes nothing. Receipts and security mail have no
 * such link and are always sent.
 */
@Service
public class Unsubscribes {

    /** The kinds of optional mail someone can stop. */
    public static final Set<String> KINDS = Set.of("membership", "report", "roles", "alerts");
    /** Kinds nobody gets until they ask for them. */
    private static final Set<String> OPT_IN = Set.of("report");
    private static final Pattern KIND = Pattern.compile("^[a-z-]{1,50}$");
    private static final String CONTEXT = "unsubscribe";

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final PublicUrls urls;
    private final Clock clock;

    Unsubscribes(JdbcClient jdbc, SecretBox secrets, PublicUrls urls, Clock clock) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.urls = urls;
        this.clock = clock;
    }

    /** The one-click link for the {@code List-Unsubscribe} header and the mail's footer. */
    public URI link(String email, String kind) {
        String address = email.toLowerCase(Locale.ROOT);
        return URI.create(urls.of("/mail/unsubscribe").toString() + UriComponentsBuilder.newInstance()
                .queryParam("e", address).queryParam("k", kind).queryParam("t", secrets.mac(data(address, kind), CONTEXT))
                .encode().build().toUriString());
    }

    public boolean valid(String email, String kind, String token) {
        return KINDS.contains(kind) && KIND.matcher(kind).matches() && !email.isBlank() && email.length() <= 254
                && secrets.verify(data(email.toLowerCase(Locale.ROOT), kind), CONTEXT, token);
    }

    /** Whether the address does not (or no longer) want this kind: opted out, or never opted in to an opt-in kind. */
    public boolean optedOut(String email, String kind) {
        String table = OPT_IN.contains(kind) ? "mail_optin" : "mail_optout";
        boolean row = jdbc.sql("SELECT EXISTS (SELECT 1 FROM " + table + " WHERE email = ? AND kind = ?)")
                .params(email.toLowerCase(Locale.ROOT), kind).query(Boolean.class).single();
        return OPT_IN.contains(kind) != row;
    }

    /** Records the opt-out; callers check {@link #valid} first. */
    public void optOut(String email, String kind) {
        if (OPT_IN.contains(kind)) {
            jdbc.sql("DELETE FROM mail_optin WHERE email = ? AND kind = ?").params(email.toLowerCase(Locale.ROOT), kind)
                    .update();
            return;
        }
        jdbc.sql("INSERT INTO mail_optout (email, kind, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                .params(email.toLowerCase(Locale.ROOT), kind, clock.instant().atOffset(ZoneOffset.UTC)).update();
    }

    /** Undoes an opt-out: the supporter chose this mail again on "my support". */
    public void optIn(String email, String kind) {
        if (OPT_IN.contains(kind)) {
            jdbc.sql("INSERT INTO mail_optin (email, kind, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                    .params(email.toLowerCase(Locale.ROOT), kind, clock.instant().atOffset(ZoneOffset.UTC)).update();
            return;
        }
        jdbc.sql("DELETE FROM mail_optout WHERE email = ? AND kind = ?").params(email.toLowerCase(Locale.ROOT), kind)
                .update();
    }

    private static String data(String email, String kind) {
        return email + "\n" + kind;
    }
}
