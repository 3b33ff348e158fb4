package social.upkeep.membership.internal;

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
import social.upkeep.membership.Memberships;

/**
 * Every ten minutes: memberships whose grace period, paid period or complimentary end has passed move on
 * (lapsed, ended), even when Stripe sends nothing, so nobody keeps a role longer than the operator chose.
 */
@DisallowConcurrentExecution
class MembershipClockJob extends QuartzJobBean {

    private final Memberships memberships;

    MembershipClockJob(Memberships memberships) {
        this.memberships = memberships;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        memberships.reviewClock();
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        JobDetail membershipClockJob() {
            return JobBuilder.newJob(MembershipClockJob.class).withIdentity("membership-clock", "membership")
                    .storeDurably().requestRecovery().build();
        }

        @Bean
        Trigger membershipClockTrigger(JobDetail membershipClockJob) {
            return TriggerBuilder.newTrigger().forJob(membershipClockJob).withIdentity("membership-clock", "membership")
                    .withSchedule(SimpleScheduleBuilder.repeatMinutelyForever(10)).build();
        }
    }
}
