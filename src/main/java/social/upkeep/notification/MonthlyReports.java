package social.upkeep.notification;

import java.time.format.TextStyle;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Service;
import social.upkeep.instance.Instance;
import java.time.YearMonth;
import social.upkeep.shared.Money;
import social.upkeep.shared.MoneyFormat;
import social.upkeep.shared.PublicUrls;

/**
 * The monthly report of a server's funding, for supporters who asked for it (opt-in): the closed month's
 * income, costs, how much of the costs supporters covered, and the balance, with a link to the public page.
 */
@Service
public class MonthlyReports {

    static final String KIND = "report";

    private final MailTemplates templates;
    private final MailOutbox outbox;
    private final Unsubscribes unsubscribes;
    private final PublicUrls urls;

    MonthlyReports(MailTemplates templates, MailOutbox outbox, Unsubscribes unsubscribes, PublicUrls urls) {
        this.templates = templates;
        this.outbox = outbox;
        this.unsubscribes = unsubscribes;
        this.urls = urls;
    }

    /** A closed month's figures (costs positive). */
    public record Figures(YearMonth month, Money income, Money costs, Money balance) {
    }

    /** One recipient of a report: their address, name and language. */
    public record Reader(String email, String name, Locale locale) {
    }

    /** Queues the report of {@code month} for one reader who opted in; false if they did not or had it already. */
    public boolean queue(Instance server, Figures month, Reader reader) {
        if (unsubscribes.optedOut(reader.email(), KIND, server.id())) {
            return false;
        }
        Locale locale = reader.locale();
        Map<String, Object> values = new HashMap<>();
        values.put("name", reader.name());
        values.put("serverName", server.displayName());
        values.put("month", month.month().getMonth().getDisplayName(TextStyle.FULL_STANDALONE, locale) + " "
                + month.month().getYear());
        values.put("income", MoneyFormat.format(month.income(), locale));
        values.put("costs", MoneyFormat.format(month.costs(), locale));
        values.put("balance", MoneyFormat.format(month.balance(), locale));
        values.put("covered", month.costs().minor() <= 0 ? 100
                : Math.round(100.0 * month.income().minor() / month.costs().minor()));
        values.put("pageUrl", urls.of("/servers/" + server.host()).toString());
        String unsubscribe = unsubscribes.link(reader.email(), KIND, server.id()).toString();
        values.put("unsubscribeUrl", unsubscribe);
        String sender = Receipts.senderName(server);
        var mail = templates.render("monthly-report", locale, values, sender, values.get("month"));
        return outbox.queue(new OutgoingMail("report:" + server.id() + ":" + month.month() + ":" + reader.email(),
                reader.email(), mail.subject(), mail.text(), false, mail.html(), sender, unsubscribe));
    }

}
