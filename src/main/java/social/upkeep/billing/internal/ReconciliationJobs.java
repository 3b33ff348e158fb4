package social.upkeep.billing.internal;

import java.time.Clock;
import java.time.YearMonth;
import org.quartz.CronScheduleBuilder;
import org.quartz.DateBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.QuartzJobBean;
import social.upkeep.instance.Instances;

/**
 * Reconciliation on a schedule: missed events hourly, open subscriptions and Stripe's own fees daily, the
 * books against Stripe's balance on the 2nd of each month for the month before. A server whose Stripe call fails is logged and
 * tried again next time; the others go on.
 */
final class ReconciliationJobs {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationJobs.class);

    private ReconciliationJobs() {
    }

    interface Task {
        void run(Reconciliation reconciliation, long instanceId) throws Exception;
    }

    static void forEachServer(Reconciliation reconciliation, String what, Task task) {
        for (long instanceId : reconciliation.servers()) {
            try {
                task.run(reconciliation, instanceId);
            } catch (Exception e) {
                log.warn("Stripe reconciliation ({}) of server {} failed: {}", what, instanceId, e.toString());
            }
        }
    }

    @DisallowConcurrentExecution
    static class MissedEvents extends QuartzJobBean {

        private final Reconciliation reconciliation;

        MissedEvents(Reconciliation reconciliation) {
            this.reconciliation = reconciliation;
        }

        @Override
        protected void executeInternal(JobExecutionContext context) {
            forEachServer(reconciliation, "events", Reconciliation::catchUpEvents);
        }
    }

    @DisallowConcurrentExecution
    static class OpenSubscriptions extends QuartzJobBean {

        private final Reconciliation reconciliation;

        OpenSubscriptions(Reconciliation reconciliation) {
            this.reconciliation = reconciliation;
        }

        @Override
        protected void executeInternal(JobExecutionContext context) {
            forEachServer(reconciliation, "subscriptions", Reconciliation::refreshSubscriptions);
            forEachServer(reconciliation, "Stripe's own fees", Reconciliation::bookStripeFees);
        }
    }

    @DisallowConcurrentExecution
    static class MonthlyBalance extends QuartzJobBean {

        private final Reconciliation reconciliation;
        private final Instances instances;
        private final Clock clock;

        MonthlyBalance(Reconciliation reconciliation, Instances instances, Clock clock) {
            this.reconciliation = reconciliation;
            this.instances = instances;
            this.clock = clock;
        }

        @Override
        protected void executeInternal(JobExecutionContext context) {
            forEachServer(reconciliation, "balance", (r, id) -> {
                YearMonth last = instances.get(id).currentMonth(clock).minusMonths(1);
                r.checkBalance(id, last);
            });
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        JobDetail stripeMissedEventsJob() {
            return JobBuilder.newJob(MissedEvents.class).withIdentity("stripe-missed-events", "billing")
                    .storeDurably().requestRecovery().build();
        }

        @Bean
        Trigger stripeMissedEventsTrigger(JobDetail stripeMissedEventsJob) {
            // Not at the very start: webhooks queued while the app was down arrive first.
            return TriggerBuilder.newTrigger().forJob(stripeMissedEventsJob)
                    .withIdentity("stripe-missed-events", "billing")
                    .startAt(DateBuilder.futureDate(10, DateBuilder.IntervalUnit.MINUTE))
                    .withSchedule(SimpleScheduleBuilder.repeatHourlyForever()).build();
        }

        @Bean
        JobDetail stripeOpenSubscriptionsJob() {
            return JobBuilder.newJob(OpenSubscriptions.class).withIdentity("stripe-open-subscriptions", "billing")
                    .storeDurably().requestRecovery().build();
        }

        @Bean
        Trigger stripeOpenSubscriptionsTrigger(JobDetail stripeOpenSubscriptionsJob) {
            return TriggerBuilder.newTrigger().forJob(stripeOpenSubscriptionsJob)
                    .withIdentity("stripe-open-subscriptions", "billing")
                    .withSchedule(CronScheduleBuilder.cronSchedule("0 41 3 * * ?")).build();
        }

        @Bean
        JobDetail stripeMonthlyBalanceJob() {
            return JobBuilder.newJob(MonthlyBalance.class).withIdentity("stripe-monthly-balance", "billing")
                    .storeDurably().requestRecovery().build();
        }

        @Bean
        Trigger stripeMonthlyBalanceTrigger(JobDetail stripeMonthlyBalanceJob) {
            return TriggerBuilder.newTrigger().forJob(stripeMonthlyBalanceJob)
                    .withIdentity("stripe-monthly-balance", "billing")
                    .withSchedule(CronScheduleBuilder.cronSchedule("0 17 6 2 * ?")).build();
        }
    }
}
