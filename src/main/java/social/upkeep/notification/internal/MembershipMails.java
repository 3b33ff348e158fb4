package social.upkeep.notification.internal;

import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.membership.MembershipEvents;
import social.upkeep.notification.MailOutbox;
import social.upkeep.notification.MailTemplates;
import social.upkeep.notification.OutgoingMail;
import social.upkeep.notification.Unsubscribes;
import social.upkeep.shared.PublicUrls;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;
import social.upkeep.tier.Tiers;

/**
 * Tells supporters what happened to their membership. Events come through the publication registry, so none
 * is lost to a crash; each mail's cause key (the membership and the paid-through date) makes a redelivered
 * event send nothing twice. Supporters known only by their fediverse account have no address: no mail.
 */
@Component
class MembershipMails {

    static final String KIND = "membership";

    private final Supporters supporters;
    private final Instances instances;
    private final Tiers tiers;
    private final MailTemplates templates;
    private final MailOutbox outbox;
    private final Unsubscribes unsubscribes;
    private final PublicUrls urls;

    MembershipMails(Supporters supporters, Instances instances, Tiers tiers, MailTemplates templates,
            MailOutbox outbox, Unsubscribes unsubscribes, PublicUrls urls) {
        this.supporters = supporters;
        this.instances = instances;
        this.tiers = tiers;
        this.templates = templates;
        this.outbox = outbox;
        this.unsubscribes = unsubscribes;
        this.urls = urls;
    }

    @ApplicationModuleListener
    void on(MembershipEvents.MembershipActivated event) {
        Supporter supporter = supporters.get(event.supporterId()).orElse(null);
        if (supporter == null || supporter.email() == null || unsubscribes.optedOut(supporter.email(), KIND)) {
            return;
        }
        Instance server = instances.get(event.instanceId());
        Locale locale = supporters.locale(supporter.id());
        String what = event.tierId() == null ? "" : tiers.get(server.id(), event.tierId()).name();
        Map<String, Object> values = new HashMap<>();
        values.put("name", supporter.displayName());
        values.put("serverName", server.displayName());
        values.put("tierName", what);
        values.put("paidThrough", event.paidThrough() == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
                .withLocale(locale).format(event.paidThrough().atZone(server.timeZone())));
        values.put("meUrl", urls.of("/me").toString());
        String unsubscribe = unsubscribes.link(supporter.email(), KIND).toString();
        values.put("unsubscribeUrl", unsubscribe);
        var mail = templates.render("membership-started", locale, values, senderName(server));
        outbox.queue(new OutgoingMail("membership-started:" + event.membershipId() + ":" + event.paidThrough(),
                supporter.email(), mail.subject(), mail.text(), false, mail.html(), senderName(server), unsubscribe));
    }

    /** The server's name as the sender's, without what a mail header must not carry. */
    static String senderName(Instance server) {
        String name = server.displayName().replaceAll("[\\r\\n\\t\"<>]", " ").replaceAll(" +", " ").strip();
        return name.length() > 100 ? name.substring(0, 100) : name;
    }
}
