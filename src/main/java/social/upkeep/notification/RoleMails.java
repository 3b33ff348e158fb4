package social.upkeep.notification;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.shared.PublicUrls;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;

/**
 * Tells a member that their role on the server was given or taken away (optional: kind "roles"); one known only
 * by their fediverse account gets a direct message instead ({@link FediverseNotices}).
 */
@Service
public class RoleMails {

    static final String KIND = "roles";

    private final Supporters supporters;
    private final Instances instances;
    private final MailTemplates templates;
    private final MailOutbox outbox;
    private final Unsubscribes unsubscribes;
    private final PublicUrls urls;
    private final FediverseNotices notices;

    RoleMails(Supporters supporters, Instances instances, MailTemplates templates, MailOutbox outbox,
            Unsubscribes unsubscribes, PublicUrls urls, FediverseNotices notices) {
        this.supporters = supporters;
        this.instances = instances;
        this.templates = templates;
        this.outbox = outbox;
        this.unsubscribes = unsubscribes;
        this.urls = urls;
        this.notices = notices;
    }

    /** Queues the mail for an applied change (once per change) to the member with that local account. */
    @Transactional
    public void changed(long instanceId, long changeId, String username, String role, boolean granted) {
        Instance server = instances.get(instanceId);
        Supporter supporter = supporters.find("@" + username + "@" + server.host()).orElse(null);
        if (supporter == null) {
            return;
        }
        Locale locale = supporters.locale(supporter.id());
        if (supporter.email() == null) {
            notices.queue(server, supporter, locale, "role:" + instanceId + ":" + changeId,
                    granted ? "notices.dm.role-granted" : "notices.dm.role-removed", server.displayName(), role);
            return;
        }
        if (unsubscribes.optedOut(supporter.email(), KIND, instanceId)) {
            return;
        }
        Map<String, Object> values = new HashMap<>();
        values.put("name", supporter.displayName());
        values.put("serverName", server.displayName());
        values.put("role", role);
        values.put("granted", granted);
        values.put("meUrl", urls.of("/me").toString());
        String unsubscribe = unsubscribes.link(supporter.email(), KIND, instanceId).toString();
        values.put("unsubscribeUrl", unsubscribe);
        String sender = Receipts.senderName(server);
        var mail = templates.render(granted ? "role-granted" : "role-removed", locale, values, sender, role);
        outbox.queue(new OutgoingMail("role:" + instanceId + ":" + changeId, supporter.email(), mail.subject(),
                mail.text(), false, mail.html(), sender, unsubscribe));
    }
}
