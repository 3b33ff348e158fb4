package social.upkeep.privacy.internal;

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

/** Daily at 03:40, Quartz's entry point for {@link RetentionRuns}. */
@DisallowConcurrentExecution
class RetentionJob extends QuartzJobBean {

    private final RetentionRuns runs;

    RetentionJob(RetentionRuns runs) {
        this.runs = runs;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        runs.run();
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        JobDetail retentionJob() {
            return JobBuilder.newJob(RetentionJob.class).withIdentity("retention", "privacy")
                    .storeDurably().requestRecovery().build();
        }

        @Bean
        Trigger retentionTrigger(JobDetail retentionJob) {
            return TriggerBuilder.newTrigger().forJob(retentionJob).withIdentity("retention", "privacy")
                    .withSchedule(CronScheduleBuilder.dailyAtHourAndMinute(3, 40)).build();
        }
    }
}
