package social.upkeep.grant.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.springframework.stereotype.Component;
import social.upkeep.grant.Grants;
import social.upkeep.instance.Instances;
import social.upkeep.notification.OperatorAlerts;

/**
 * Reminds operators of grant reporting deadlines: 14 days before, 3 days before, and once overdue. Each
 * reminder is sent once (its cause names the deadline and the stage); a deadline added late gets only the
 * stage it is in.
 */
@Component
class GrantDeadlineReminders {

    private final Grants grants;
    private final Instances instances;
    private final OperatorAlerts alerts;
    private final Clock clock;

    GrantDeadlineReminders(Grants grants, Instances instances, OperatorAlerts alerts, Clock clock) {
        this.grants = grants;
        this.instances = instances;
        this.alerts = alerts;
        this.clock = clock;
    }

    int remind() {
        int sent = 0;
        for (Grants.OpenDeadline open : grants.openDeadlines()) {
            LocalDate today = instances.get(open.instanceId()).today(clock);
            long days = ChronoUnit.DAYS.between(today, open.deadline().dueOn());
            String stage = days < 0 ? "overdue" : days <= 3 ? "3" : days <= 14 ? "14" : null;
            if (stage == null) {
                continue;
            }
            boolean queued = alerts.send(open.instanceId(), OperatorAlerts.Kind.GRANTS,
                    "grant-deadline:" + open.deadline().id() + ":" + stage,
                    stage.equals("overdue") ? "alert.grant-overdue" : "alert.grant-deadline",
                    "/operator/servers/" + open.instanceId() + "/grants/" + open.grantId(), open.funder(),
                    open.deadline().what(), open.deadline().dueOn(), Math.abs(days));
            sent += queued ? 1 : 0;
        }
        return sent;
    }
}

