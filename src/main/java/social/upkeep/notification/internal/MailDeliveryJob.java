package social.upkeep.notification.internal;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Quartz's entry point for sending the outbox; the work is in {@link MailDelivery}. */
@DisallowConcurrentExecution
class MailDeliveryJob extends QuartzJobBean {

    private final MailDelivery delivery;

    MailDeliveryJob(MailDelivery delivery) {
        this.delivery = delivery;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        // Batch after batch while mail waits (a monthly report is thousands), leaving the minute before the next run.
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(50).toNanos();
        while (delivery.deliverPending() > 0 && System.nanoTime() < deadline) {
            // the next batch
        }
    }
}
