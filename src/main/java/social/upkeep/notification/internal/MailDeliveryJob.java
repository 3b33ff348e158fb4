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
        delivery.deliverPending();
    }
}
