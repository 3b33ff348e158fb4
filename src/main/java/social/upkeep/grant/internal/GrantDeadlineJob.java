package social.upkeep.grant.internal;

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

/** Daily at 07:05 (and the reminders are idempotent, so a missed day is caught up the next). */
@DisallowConcurrentExecution
class GrantDeadlineJob extends QuartzJobBean {

    private final GrantDeadlineReminders reminders;

    GrantDeadlineJob(GrantDeadlineReminders reminders) {
        this.reminders = reminders;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        reminders.remind();
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        JobDetail grantDeadlineJob() {
            return JobBuilder.newJob(GrantDeadlineJob.class).withIdentity("grant-deadlines", "grant")
                    .storeDurably().requestRecovery().build();
        }

        @Bean
        Trigger grantDeadlineTrigger(JobDetail grantDeadlineJob) {
            return TriggerBuilder.newTrigger().forJob(grantDeadlineJob).withIdentity("grant-deadlines", "grant")
                    .withSchedule(CronScheduleBuilder.dailyAtHourAndMinute(7, 5)).build();
        }
    }
}
