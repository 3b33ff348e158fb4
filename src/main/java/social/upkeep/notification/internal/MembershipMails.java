package social.upkeep.notification.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import social.upkeep.shared.LongDates;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.membership.MembershipEvents;
import social.upkeep.notification.FediverseNotices;
import social.upkeep.notification.MailOutbox;
import social.upkeep.notification.MailTemplates;
import social.upkeep.notification.OutgoingMail;
import social.upkeep.notification.Receipts;
import social.upkeep.notification.Unsubscribes;
import social.upkeep.shared.PublicUrls;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;
import social.upkeep.tier.Tiers;

/**
 * Tells supporters what happened to their membership. Events come through the publication registry, so none
 * is lost to a crash; each mail's cause key (the membership and the paid-through date) makes a redelivered
 * event send nothing twice. Supporters known only by their fediverse account have no address: they get a direct
 * message instead, where the server has a notice account ({@link FediverseNotices}).
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
    private final FediverseNotices notices;

    MembershipMails(Supporters supporters, Instances instances, Tiers tiers, MailTemplates templates,
            MailOutbox outbox, Unsubscribes unsubscribes, PublicUrls urls, FediverseNotices notices) {
        this.supporters = supporters;
        this.instances = instances;
        this.tiers = tiers;
        this.templates = templates;
        this.outbox = outbox;
        this.unsubscribes = unsubscribes;
        this.urls = urls;
        this.notices = notices;
    }

    @ApplicationModuleListener
    void on(MembershipEvents.MembershipActivated event) {
        send("membership-started", event.membershipId(), event.instanceId(), event.supporterId(), event.tierId(),
                event.paidThrough(), "membership-started:" + event.membershipId() + ":" + event.paidThrough());
    }

    @ApplicationModuleListener
    void on(MembershipEvents.MembershipRenewed event) {
        send("membership-renewed", event.membershipId(), event.instanceId(), event.supporterId(), event.tierId(),
                event.paidThrough(), "membership-renewed:" + event.membershipId() + ":" + event.paidThrough());
    }

    @ApplicationModuleListener
    void on(MembershipEvents.MembershipPastDue event) {
        send("membership-past-due", event.membershipId(), event.instanceId(), event.supporterId(), event.tierId(),
                event.graceUntil(), "membership-past-due:" + event.membershipId() + ":" + event.graceUntil());
    }

    @ApplicationModuleListener
    void on(MembershipEvents.MembershipLapsed event) {
        send("membership-lapsed", event.membershipId(), event.instanceId(), event.supporterId(), event.tierId(),
                null, "membership-lapsed:" + event.membershipId() + ":" + event.supporterId());
    }

    /**
     * Renders and queues one membership mail. {@code until}: the date it names (paid until, in grace until).
     * The cause key makes a redelivered event send nothing twice.
     */
    private void send(String template, long membershipId, long instanceId, long supporterId, @Nullable Long tierId,
            @Nullable Instant until, String causeKey) {
        Supporter supporter = supporters.get(supporterId).orElse(null);
        if (supporter == null) {
            return;
        }
        Instance server = instances.get(instanceId);
        Locale locale = supporters.locale(supporter.id());
        String tierName = tierId == null ? "" : tiers.get(server.id(), tierId).name();
        String untilText = until == null ? "" : LongDates.in(locale).format(until.atZone(server.timeZone()));
        if (supporter.email() == null) {
            // Known only by their fediverse account: the news that matters goes as a direct message (a renewal
            // that went through needs no message; receipts with amounts never go this way).
            if (!template.equals("membership-renewed")) {
                notices.queue(server, supporter, locale, causeKey, "notices.dm." + template
                        + (tierName.isEmpty() ? ".plain" : ""), server.displayName(), tierName, untilText);
            }
            return;
        }
        if (unsubscribes.optedOut(supporter.email(), KIND, instanceId)) {
            return;
        }
        Map<String, Object> values = new HashMap<>();
        values.put("name", supporter.displayName());
        values.put("serverName", server.displayName());
        values.put("tierName", tierName);
        values.put("until", untilText);
        values.put("meUrl", urls.of("/me").toString());
        values.put("supportUrl", urls.of("/support/" + server.host()).toString());
        String unsubscribe = unsubscribes.link(supporter.email(), KIND, instanceId).toString();
        values.put("unsubscribeUrl", unsubscribe);
        String sender = Receipts.senderName(server);
        var mail = templates.render(template, locale, values, sender);
        outbox.queue(new OutgoingMail(causeKey, supporter.email(), mail.subject(), mail.text(), false, mail.html(),
                sender, unsubscribe));
    }
}
