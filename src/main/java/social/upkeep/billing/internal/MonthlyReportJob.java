package social.upkeep.billing.internal;

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

/** Daily at 08:05, Quartz's entry point for {@link MonthlyReportSender}. */
@DisallowConcurrentExecution
class MonthlyReportJob extends QuartzJobBean {

    private final MonthlyReportSender sender;

    MonthlyReportJob(MonthlyReportSender sender) {
        this.sender = sender;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        sender.send();
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        JobDetail monthlyReportJob() {
            return JobBuilder.newJob(MonthlyReportJob.class).withIdentity("monthly-report", "billing")
                    .storeDurably().requestRecovery()
                    .build();
        }

        @Bean
        Trigger monthlyReportTrigger(JobDetail monthlyReportJob) {
            return TriggerBuilder.newTrigger().forJob(monthlyReportJob).withIdentity("monthly-report", "billing")
                    .withSchedule(CronScheduleBuilder.dailyAtHourAndMinute(8, 5)).build();
        }
    }
}
