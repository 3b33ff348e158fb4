package social.upkeep.billing.internal;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.ledger.ClosedMonth;
import social.upkeep.ledger.MonthClosing;
import social.upkeep.notification.MonthlyReports;

/**
 * Daily at 08:05: once a server's month is closed, its report goes to every supporter of that server who asked
 * for it (members, and anyone who paid through a checkout). Each server's month is reported once; a rerun
 * after a crash re-renders, and the outbox's cause keys keep anyone from getting it twice.
 */
@Component
class MonthlyReportSender {

    private final JdbcClient jdbc;
    private final Instances instances;
    private final MonthClosing closing;
    private final MonthlyReports reports;
    private final Clock clock;

    MonthlyReportSender(JdbcClient jdbc, Instances instances, MonthClosing closing, MonthlyReports reports,
            Clock clock) {
        this.jdbc = jdbc;
        this.instances = instances;
        this.closing = closing;
        this.reports = reports;
        this.clock = clock;
    }

    /** Sends the reports of months closed and not yet reported; returns how many mails were queued. */
    int send() {
        int queued = 0;
        for (Instance server : instances.all()) {
            Optional<ClosedMonth> latest = closing.closedMonths(server.id()).stream()
                    .max(Comparator.comparing(ClosedMonth::month));
            if (latest.isEmpty() || reported(server.id(), latest.get())) {
                continue;
            }
            ClosedMonth month = latest.get();
            var figures = new MonthlyReports.Figures(month.month(), month.income(), month.costs(), month.balance());
            int sent = 0;
            for (MonthlyReports.Reader reader : readers(server.id())) {
                sent += reports.queue(server, figures, reader) ? 1 : 0;
            }
            jdbc.sql("INSERT INTO monthly_report (instance_id, month, queued, created_at) VALUES (?, ?, ?, ?) "
                            + "ON CONFLICT DO NOTHING")
                    .params(server.id(), latest.get().month().toString(), sent, clock.instant().atOffset(ZoneOffset.UTC))
                    .update();
            queued += sent;
        }
        return queued;
    }

    private boolean reported(long instanceId, ClosedMonth month) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM monthly_report WHERE instance_id = ? AND month = ?)")
                .params(instanceId, month.month().toString()).query(Boolean.class).single();
    }

    /** Supporters of the server with an address who opted in (memberships and checkouts are this module's). */
    private List<MonthlyReports.Reader> readers(long instanceId) {
        return jdbc.sql("""
                        SELECT s.email, coalesce(s.handle, s.email) AS name, s.locale FROM supporter s
                        JOIN mail_optin o ON o.email = s.email AND o.kind = 'report'
                        WHERE s.email IS NOT NULL
                          AND (EXISTS (SELECT 1 FROM membership m WHERE m.supporter_id = s.id AND m.instance_id = :i)
                            OR EXISTS (SELECT 1 FROM stripe_customer c WHERE c.supporter_id = s.id AND c.instance_id = :i))
                        ORDER BY s.id""")
                .param("i", instanceId)
                .query((rs, row) -> new MonthlyReports.Reader(rs.getString("email"), rs.getString("name"),
                        rs.getString("locale") == null ? Locale.ENGLISH : Locale.forLanguageTag(rs.getString("locale"))))
                .list();
    }
}

