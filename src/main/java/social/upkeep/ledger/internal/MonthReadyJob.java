package social.upkeep.ledger.internal;

import java.time.Clock;
import java.time.YearMonth;
import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.QuartzJobBean;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.ledger.MonthClosing;
import social.upkeep.notification.OperatorAlerts;

/**
 * Daily at 07:15: tells a server's operators once when a month has ended and is ready to close (its books
 * then publish the month on the transparency page).
 */
@DisallowConcurrentExecution
class MonthReadyJob extends QuartzJobBean {

    private final Instances instances;
    private final MonthClosing closing;
    private final OperatorAlerts alerts;
    private final Clock clock;

    MonthReadyJob(Instances instances, MonthClosing closing, OperatorAlerts alerts, Clock clock) {
        this.instances = instances;
        this.closing = closing;
        this.alerts = alerts;
        this.clock = clock;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        remind();
    }

    int remind() {
        int sent = 0;
        for (Instance server : instances.all()) {
            YearMonth current = server.currentMonth(clock);
            var next = closing.nextToClose(server.id());
            if (next.isPresent() && next.get().isBefore(current) && alerts.send(server.id(),
                    OperatorAlerts.Kind.MONTHS, "month-ready:" + server.id() + ":" + next.get(), "alert.month-ready",
                    "/operator/servers/" + server.id() + "/close", next.get().toString())) {
                sent++;
            }
        }
        return sent;
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        JobDetail monthReadyJob() {
            return JobBuilder.newJob(MonthReadyJob.class).withIdentity("month-ready", "ledger").storeDurably().build();
        }

        @Bean
        Trigger monthReadyTrigger(JobDetail monthReadyJob) {
            return TriggerBuilder.newTrigger().forJob(monthReadyJob).withIdentity("month-ready", "ledger")
                    .withSchedule(CronScheduleBuilder.dailyAtHourAndMinute(7, 15)).build();
        }
    }
}
