package social.upkeep.posting.internal;

import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.QuartzJobBean;
import social.upkeep.instance.Instances;

/** Quartz's entry points: posts go out every minute; the goal is looked at every 15 minutes; thanks daily at 17:00. */
final class PostingJobs {

    private PostingJobs() {
    }

    @DisallowConcurrentExecution
    static class Delivery extends QuartzJobBean {

        private final PostDelivery delivery;

        Delivery(PostDelivery delivery) {
            this.delivery = delivery;
        }

        @Override
        protected void executeInternal(JobExecutionContext context) {
            while (delivery.deliverDue() > 0) {
                // the next batch, while posts go out
            }
        }
    }

    @DisallowConcurrentExecution
    static class Thanks extends QuartzJobBean {

        private final PostTriggers triggers;
        private final Instances instances;

        Thanks(PostTriggers triggers, Instances instances) {
            this.triggers = triggers;
            this.instances = instances;
        }

        @Override
        protected void executeInternal(JobExecutionContext context) {
            instances.all().forEach(server -> triggers.thankNewSupporters(server.id()));
        }
    }

    @DisallowConcurrentExecution
    static class Goal extends QuartzJobBean {

        private final PostTriggers triggers;
        private final Instances instances;

        Goal(PostTriggers triggers, Instances instances) {
            this.triggers = triggers;
            this.instances = instances;
        }

        @Override
        protected void executeInternal(JobExecutionContext context) {
            instances.all().forEach(server -> triggers.checkGoal(server.id()));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        JobDetail postDeliveryJob() {
            return JobBuilder.newJob(Delivery.class).withIdentity("post-delivery", "posting").storeDurably()
                    .requestRecovery().build();
        }

        @Bean
        Trigger postDeliveryTrigger(JobDetail postDeliveryJob) {
            return TriggerBuilder.newTrigger().forJob(postDeliveryJob).withIdentity("post-delivery", "posting")
                    .withSchedule(SimpleScheduleBuilder.repeatMinutelyForever(1)).build();
        }

        @Bean
        JobDetail postGoalJob() {
            return JobBuilder.newJob(Goal.class).withIdentity("post-goal", "posting").storeDurably()
                    .requestRecovery().build();
        }

        @Bean
        Trigger postGoalTrigger(JobDetail postGoalJob) {
            return TriggerBuilder.newTrigger().forJob(postGoalJob).withIdentity("post-goal", "posting")
                    .withSchedule(SimpleScheduleBuilder.repeatMinutelyForever(15)).build();
        }

        @Bean
        JobDetail postThanksJob() {
            return JobBuilder.newJob(Thanks.class).withIdentity("post-thanks", "posting").storeDurably()
                    .requestRecovery().build();
        }

        @Bean
        Trigger postThanksTrigger(JobDetail postThanksJob) {
            return TriggerBuilder.newTrigger().forJob(postThanksJob).withIdentity("post-thanks", "posting")
                    .withSchedule(CronScheduleBuilder.dailyAtHourAndMinute(17, 0)).build();
        }
    }
}
