package social.upkeep.shared.internal;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import social.upkeep.shared.SecretBox;

@Configuration(proxyBeanMethods = false)
class SharedConfig {

    /** The one source of "now", so tests can move time and jobs can be replayed. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SecretBox secretBox(Environment environment, DatabaseSettings database) {
        boolean production = environment.acceptsProfiles(Profiles.of("prod")) || database.external();
        return new SecretBox(MasterKeySource.resolve(
                environment.getProperty("upkeep.secret-key"), production, database.dataDir()));
    }
}
