package social.upkeep.instance.internal;

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
import social.upkeep.instance.FediverseServers;

/** Daily: each connected server's monthly active users, for the cost per active user. Reading twice is harmless. */
@DisallowConcurrentExecution
class ActiveUsersJob extends QuartzJobBean {

    private final FediverseServers servers;

    ActiveUsersJob(FediverseServers servers) {
        this.servers = servers;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        servers.refreshActiveUsers();
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {

        @Bean
        JobDetail activeUsersJob() {
            return JobBuilder.newJob(ActiveUsersJob.class).withIdentity("active-users", "instance")
                    .storeDurably().requestRecovery()
                    .build();
        }

        @Bean
        Trigger activeUsersTrigger(JobDetail activeUsersJob) {
            return TriggerBuilder.newTrigger().forJob(activeUsersJob).withIdentity("active-users", "instance")
                    .withSchedule(CronScheduleBuilder.cronSchedule("0 23 4 * * ?")).build();
        }
    }
}
