package social.upkeep.shared.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Period;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import social.upkeep.shared.Retention;
import social.upkeep.shared.SecretBox;

@Configuration(proxyBeanMethods = false)
class SharedConfig {

    /** The one source of "now", so tests can move time and jobs can be replayed. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    Retention retention(@Value("${upkeep.retention.message-days}") int messageDays,
            @Value("${upkeep.retention.stripe-payload-days}") int stripePayloadDays,
            @Value("${upkeep.retention.inactive-years}") int inactiveYears) {
        return new Retention(Duration.ofDays(messageDays), Duration.ofDays(stripePayloadDays),
                Period.ofYears(inactiveYears));
    }

    @Bean
    SecretBox secretBox(Environment environment, DatabaseSettings database) {
        boolean production = environment.acceptsProfiles(Profiles.of("prod")) || database.external();
        return new SecretBox(MasterKeySource.resolve(
                environment.getProperty("upkeep.secret-key"), production, database.dataDir()));
    }
}
