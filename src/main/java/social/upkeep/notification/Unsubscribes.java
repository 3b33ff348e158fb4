package social.upkeep.notification;

import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.util.UriComponentsBuilder;
import social.upkeep.shared.PublicUrls;
import social.upkeep.shared.SecretBox;

/**
 * Opting out of optional mail, by address, kind and server, through a link only Upkeep can make: its token is a
 * MAC of the address, the kind and the server, so a forged or altered link changes nothing. Leaving one server's
 * mail leaves the others' as they were. Receipts and security mail have no such link and are always sent.
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

    /** The one-click link for the {@code List-Unsubscribe} header and the mail's footer: this server's mail only. */
    public URI link(String email, String kind, long instanceId) {
        String address = email.toLowerCase(Locale.ROOT);
        return URI.create(urls.of("/mail/unsubscribe").toString() + UriComponentsBuilder.newInstance()
                .queryParam("e", address).queryParam("k", kind).queryParam("s", instanceId)
                .queryParam("t", secrets.mac(data(address, kind, instanceId), CONTEXT)).encode().build().toUriString());
    }

    /**
     * Whether a link is one Upkeep made. {@code instanceId} is null for links sent before opt-outs were per server;
     * those still work, for every server.
     */
    public boolean valid(String email, String kind, @Nullable Long instanceId, String token) {
        return KINDS.contains(kind) && KIND.matcher(kind).matches() && !email.isBlank() && email.length() <= 254
                && secrets.verify(data(email.toLowerCase(Locale.ROOT), kind, instanceId), CONTEXT, token);
    }

    /**
     * Whether the address does not (or no longer) want this kind from this server: opted out of it there or
     * everywhere, or never opted in to an opt-in kind.
     */
    public boolean optedOut(String email, String kind, long instanceId) {
        String address = email.toLowerCase(Locale.ROOT);
        boolean out = jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM mail_optout WHERE email = ? AND kind = ?
                                       AND (instance_id IS NULL OR instance_id = ?))""")
                .params(address, kind, instanceId).query(Boolean.class).single();
        return out || (OPT_IN.contains(kind) && !optedIn(address, kind));
    }

    /** Whether the address chose not to get this kind from any server ("my support" shows it so). */
    public boolean optedOutEverywhere(String email, String kind) {
        String address = email.toLowerCase(Locale.ROOT);
        if (OPT_IN.contains(kind)) {
            return !optedIn(address, kind);
        }
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM mail_optout WHERE email = ? AND kind = ? AND instance_id IS NULL)")
                .params(address, kind).query(Boolean.class).single();
    }

    private boolean optedIn(String address, String kind) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM mail_optin WHERE email = ? AND kind = ?)").params(address, kind)
                .query(Boolean.class).single();
    }

    /** Records the opt-out from one server's mail, or from every server's when {@code instanceId} is null. */
    public void optOut(String email, String kind, @Nullable Long instanceId) {
        String address = email.toLowerCase(Locale.ROOT);
        if (instanceId == null && OPT_IN.contains(kind)) {
            jdbc.sql("DELETE FROM mail_optin WHERE email = ? AND kind = ?").params(address, kind).update();
            return;
        }
        jdbc.sql("""
                        INSERT INTO mail_optout (email, kind, instance_id, created_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (email, kind, coalesce(instance_id, 0)) DO NOTHING""")
                .params(address, kind, instanceId, clock.instant().atOffset(ZoneOffset.UTC)).update();
    }

    /** The supporter chose this mail again on "my support": from every server, whatever they left before. */
    public void optIn(String email, String kind) {
        String address = email.toLowerCase(Locale.ROOT);
        if (OPT_IN.contains(kind)) {
            jdbc.sql("INSERT INTO mail_optin (email, kind, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                    .params(address, kind, clock.instant().atOffset(ZoneOffset.UTC)).update();
        }
        jdbc.sql("DELETE FROM mail_optout WHERE email = ? AND kind = ?").params(address, kind).update();
    }

    private static String data(String email, String kind, @Nullable Long instanceId) {
        return instanceId == null ? email + "\n" + kind : email + "\n" + kind + "\n" + instanceId;
    }
}
