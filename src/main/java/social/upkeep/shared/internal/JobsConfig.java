package social.upkeep.shared.internal;

import java.time.Clock;
import org.springframework.boot.quartz.autoconfigure.SchedulerFactoryBeanCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class JobsConfig {

    /** Every job of every module runs once per period across the cluster ({@link OncePerPeriod}). */
    @Bean
    SchedulerFactoryBeanCustomizer oncePerPeriod(JdbcClient jdbc, Clock clock) {
        return factory -> factory.setGlobalTriggerListeners(new OncePerPeriod(jdbc, clock));
    }
}
