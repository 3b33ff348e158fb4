package social.upkeep.notification.internal;

import java.time.Duration;
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

/** Quartz's entry point for sending direct messages every minute; the work is in {@link NoticeDelivery}. */
@DisallowConcurrentExecution
class NoticeDeliveryJob extends QuartzJobBean {

    private final NoticeDelivery delivery;

    NoticeDeliveryJob(NoticeDelivery delivery) {
        this.delivery = delivery;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        long deadline = System.nanoTime() + Duration.ofSeconds(50).toNanos();
        while (delivery.deliverDue() > 0 && System.nanoTime() < deadline) {
            // the next batch
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        JobDetail noticeDeliveryJob() {
            return JobBuilder.newJob(NoticeDeliveryJob.class).withIdentity("notice-delivery", "notification")
                    .storeDurably().requestRecovery().build();
        }

        @Bean
        Trigger noticeDeliveryTrigger(JobDetail noticeDeliveryJob) {
            return TriggerBuilder.newTrigger().forJob(noticeDeliveryJob).withIdentity("notice-delivery", "notification")
                    .withSchedule(SimpleScheduleBuilder.repeatMinutelyForever(1)).build();
        }
    }
}
