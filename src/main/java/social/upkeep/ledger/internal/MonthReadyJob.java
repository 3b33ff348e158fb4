package social.upkeep.ledger.internal;

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

/** Daily at 07:15, Quartz's entry point for {@link MonthReadiness}. */
@DisallowConcurrentExecution
class MonthReadyJob extends QuartzJobBean {

    private final MonthReadiness readiness;

    MonthReadyJob(MonthReadiness readiness) {
        this.readiness = readiness;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        readiness.remind();
    }
    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        JobDetail monthReadyJob() {
            return JobBuilder.newJob(MonthReadyJob.class).withIdentity("month-ready", "ledger")
                    .storeDurably().requestRecovery().build();
        }

        @Bean
        Trigger monthReadyTrigger(JobDetail monthReadyJob) {
            return TriggerBuilder.newTrigger().forJob(monthReadyJob).withIdentity("month-ready", "ledger")
                    .withSchedule(CronScheduleBuilder.dailyAtHourAndMinute(7, 15)).build();
        }
    }
}
