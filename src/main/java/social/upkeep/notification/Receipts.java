package social.upkeep.notification;

import java.time.Instant;


import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import social.upkeep.shared.LongDates;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.shared.Money;
import social.upkeep.shared.MoneyFormat;
import social.upkeep.shared.PublicUrls;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;

/**
 * The thank-you and receipt for each payment, queued in the transaction that books it, once per charge. A
 * receipt has no unsubscribe link: it is always sent. Supporters known only by their fediverse account get it
 * at the address they gave Stripe, if any.
 */
@Service
public class Receipts {

    /** What a payment was for. */
    public enum Purpose { MEMBERSHIP, RECURRING_DONATION, DONATION }

    /** One payment: its charge, amount, moment, purpose ({@code tierName} for a membership). */
    public record Payment(long instanceId, long supporterId, String chargeId, Money amount, Instant paidAt,
            Purpose purpose, @Nullable String tierName, @Nullable String addressGivenToStripe) {
    }

    private final Supporters supporters;
    private final Instances instances;
    private final MailTemplates templates;
    private final MailOutbox outbox;
    private final PublicUrls urls;

    Receipts(Supporters supporters, Instances instances, MailTemplates templates, MailOutbox outbox, PublicUrls urls) {
        this.supporters = supporters;
        this.instances = instances;
        this.templates = templates;
        this.outbox = outbox;
        this.urls = urls;
    }

    /** Queues the receipt; false when there is nobody to send it to or it was queued before. */
    @Transactional
    public boolean paid(Payment payment) {
        Supporter supporter = supporters.get(payment.supporterId()).orElse(null);
        String to = supporter != null && supporter.email() != null ? supporter.email()
                : payment.addressGivenToStripe();
        if (to == null || to.isBlank() || to.chars().anyMatch(c -> c == '\r' || c == '\n')) {
            return false;
        }
        Instance server = instances.get(payment.instanceId());
        Locale locale = supporter == null ? Locale.ENGLISH : supporters.locale(supporter.id());
        Map<String, Object> values = new HashMap<>();
        values.put("name", supporter == null ? to : supporter.displayName());
        values.put("serverName", server.displayName());
        values.put("amount", MoneyFormat.format(payment.amount(), locale));
        values.put("date", LongDates.in(locale).format(payment.paidAt().atZone(server.timeZone())));
        values.put("purpose", payment.purpose().name());
        values.put("tierName", payment.tierName() == null ? "" : payment.tierName());
        values.put("reference", payment.chargeId());
        values.put("meUrl", urls.of("/me").toString());
        String sender = senderName(server);
        var mail = templates.render("receipt", locale, values, sender);
        return outbox.queue(new OutgoingMail("receipt:" + payment.instanceId() + ":" + payment.chargeId(), to,
                mail.subject(), mail.text(), false, mail.html(), sender, null));
    }

    /** The server's name as a sender's, without what a mail header must not carry. */
    public static String senderName(Instance server) {
        String name = server.displayName().replaceAll("[\\r\\n\\t\"<>]", " ").replaceAll(" +", " ").strip();
        return name.length() > 100 ? name.substring(0, 100) : name;
    }
}
