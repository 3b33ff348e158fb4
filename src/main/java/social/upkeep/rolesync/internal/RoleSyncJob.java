package social.upkeep.rolesync.internal;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Every minute: servers whose full run is due (hourly by default, {@code upkeep.rolesync.interval}), asked for
 * or resuming after a rate limit, and changes whose retry time has come. The full run repairs drift, such as
 * a role changed by hand on the server.
 */
@DisallowConcurrentExecution
class RoleSyncJob extends QuartzJobBean {

    private final RoleSyncRuns runs;
    private final boolean scheduled;

    RoleSyncJob(RoleSyncRuns runs, @Value("${upkeep.rolesync.scheduled:true}") boolean scheduled) {
        this.runs = runs;
        this.scheduled = scheduled;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        if (scheduled) {
            runs.due();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        JobDetail roleSyncJob() {
            return JobBuilder.newJob(RoleSyncJob.class).withIdentity("role-sync", "rolesync")
                    .storeDurably().requestRecovery().build();
        }

        @Bean
        Trigger roleSyncTrigger(JobDetail roleSyncJob) {
            return TriggerBuilder.newTrigger().forJob(roleSyncJob).withIdentity("role-sync", "rolesync")
                    .withSchedule(SimpleScheduleBuilder.repeatMinutelyForever(1)).build();
        }
    }
}
