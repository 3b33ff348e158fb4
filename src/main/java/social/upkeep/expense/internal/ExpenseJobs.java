package social.upkeep.expense.internal;

import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ExpenseJobs {

    @Bean
    JobDetail recurringCostJob() {
        return JobBuilder.newJob(RecurringCostJob.class).withIdentity("recurring-costs", "expense")
                .storeDurably().requestRecovery().build();
    }

    /** Hourly, so a cost due today is booked within the hour in every server's time zone. */
    @Bean
    Trigger recurringCostTrigger(JobDetail recurringCostJob) {
        return TriggerBuilder.newTrigger().forJob(recurringCostJob).withIdentity("recurring-costs", "expense")
                .withSchedule(CronScheduleBuilder.cronSchedule("0 7 * * * ?")).build();
    }
}
