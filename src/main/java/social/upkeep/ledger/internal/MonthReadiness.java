package social.upkeep.ledger.internal;

import java.time.Clock;
import java.time.YearMonth;
import org.springframework.stereotype.Component;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.ledger.MonthClosing;
import social.upkeep.notification.OperatorAlerts;

/**
 * Tells a server's operators once when a month has ended and is ready to close (its books then publish the
 * month on the transparency page).
 */
@Component
class MonthReadiness {

    private final Instances instances;
    private final MonthClosing closing;
    private final OperatorAlerts alerts;
    private final Clock clock;

    MonthReadiness(Instances instances, MonthClosing closing, OperatorAlerts alerts, Clock clock) {
        this.instances = instances;
        this.closing = closing;
        this.alerts = alerts;
        this.clock = clock;
    }

    int remind() {
        int sent = 0;
        for (Instance server : instances.all()) {
            YearMonth current = server.currentMonth(clock);
            var next = closing.nextToClose(server.id());
            if (next.isPresent() && next.get().isBefore(current) && alerts.send(server.id(),
                    OperatorAlerts.Kind.MONTHS, "month-ready:" + server.id() + ":" + next.get(), "alert.month-ready",
                    "/operator/servers/" + server.id() + "/close?month=" + next.get(), next.get())) {
                sent++;
            }
        }
        return sent;
    }
}
