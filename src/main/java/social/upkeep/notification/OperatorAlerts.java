package social.upkeep.notification;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.shared.PublicUrls;

/**
 * Mail to a server's operators about what needs them: a payment (a dispute, an event that keeps failing), role
 * changes waiting for them, grant deadlines, recurring costs booked, a month ready to close. Each server chooses
 * the kinds and the address (by default the owner's); each alert is sent once for its cause.
 */
@Service
public class OperatorAlerts {

    /** The kinds of alert, each switched on or off per server. */
    public enum Kind { PAYMENTS, ROLES, GRANTS, COSTS, MONTHS }

    /** A server's choices. {@code address} null: the owner's. */
    public record Settings(@Nullable String address, Map<Kind, Boolean> kinds) {
        public boolean wants(Kind kind) {
            return kinds.getOrDefault(kind, true);
        }
    }

    private final JdbcClient jdbc;
    private final Instances instances;
    private final MailTemplates templates;
    private final MailOutbox outbox;
    private final Unsubscribes unsubscribes;
    private final PublicUrls urls;
    private final Clock clock;

    OperatorAlerts(JdbcClient jdbc, Instances instances, MailTemplates templates, MailOutbox outbox,
            Unsubscribes unsubscribes, PublicUrls urls, Clock clock) {
        this.jdbc = jdbc;
        this.instances = instances;
        this.templates = templates;
        this.outbox = outbox;
        this.unsubscribes = unsubscribes;
        this.urls = urls;
        this.clock = clock;
    }

    public Settings settings(long instanceId) {
        return jdbc.sql("SELECT * FROM operator_alerts WHERE instance_id = ?").param(instanceId)
                .query((rs, row) -> {
                    Map<Kind, Boolean> kinds = new HashMap<>();
                    for (Kind kind : Kind.values()) {
                        kinds.put(kind, rs.getBoolean(kind.name().toLowerCase(Locale.ROOT)));
                    }
                    return new Settings(rs.getString("address"), kinds);
                }).optional().orElse(new Settings(null, Map.of()));
    }

    public void save(long instanceId, @Nullable String address, Map<Kind, Boolean> kinds) {
        jdbc.sql("""
                        INSERT INTO operator_alerts (instance_id, address, payments, roles, grants, costs, months,
                            updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (instance_id) DO UPDATE SET address = excluded.address,
                            payments = excluded.payments, roles = excluded.roles, grants = excluded.grants,
                            costs = excluded.costs, months = excluded.months, updated_at = excluded.updated_at""")
                .params(instanceId, address, kinds.getOrDefault(Kind.PAYMENTS, false),
                        kinds.getOrDefault(Kind.ROLES, false), kinds.getOrDefault(Kind.GRANTS, false),
                        kinds.getOrDefault(Kind.COSTS, false), kinds.getOrDefault(Kind.MONTHS, false),
                        clock.instant().atOffset(ZoneOffset.UTC))
                .update();
    }

    /**
     * Queues the alert {@code alert} (messages {@code mail.ALERT.subject} and {@code mail.ALERT.body}, each given
     * the server's name and then {@code args}) with a link to {@code path}, when the server wants this kind, once
     * per {@code causeKey}. Returns whether a mail was queued.
     */
    @Transactional
    public boolean send(long instanceId, Kind kind, String causeKey, String alert, String path, Object... args) {
        Settings settings = settings(instanceId);
        if (!settings.wants(kind)) {
            return false;
        }
        Optional<Owner> owner = owner();
        String to = settings.address() != null ? settings.address() : owner.map(Owner::email).orElse(null);
        if (to == null || unsubscribes.optedOut(to, "alerts", instanceId)) {
            return false;
        }
        Instance server = instances.get(instanceId);
        Locale locale = owner.map(Owner::locale).orElse(Locale.ENGLISH);
        Object[] withServer = new Object[args.length + 1];
        withServer[0] = server.displayName();
        // Days, months and amounts are written in the owner's language by the message source.
        System.arraycopy(args, 0, withServer, 1, args.length);
        Map<String, Object> values = new HashMap<>();
        values.put("serverName", server.displayName());
        values.put("bodyKey", "mail." + alert + ".body");
        values.put("args", withServer);
        values.put("linkUrl", urls.of(path).toString());
        String unsubscribe = unsubscribes.link(to, "alerts", instanceId).toString();
        values.put("unsubscribeUrl", unsubscribe);
        String sender = Receipts.senderName(server);
        withServer[0] = sender;
        var mail = templates.render("alert", "mail." + alert + ".subject", locale, values, withServer);
        return outbox.queue(new OutgoingMail(causeKey, to, mail.subject(), mail.text(), false, mail.html(), sender,
                unsubscribe));
    }

    private record Owner(String email, Locale locale) {
    }

    /** The owner's address and language (the operator module's table, read here to keep modules acyclic). */
    private Optional<Owner> owner() {
        return jdbc.sql("SELECT email, locale FROM owner_account ORDER BY id LIMIT 1")
                .query((rs, row) -> new Owner(rs.getString("email"), Locale.forLanguageTag(rs.getString("locale"))))
                .optional();
    }
}
