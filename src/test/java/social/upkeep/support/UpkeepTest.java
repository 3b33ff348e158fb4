package social.upkeep.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * A full Upkeep on a random port, on its own database in the JVM's embedded PostgreSQL, with a clock the
 * test moves and mail going to GreenMail on port 3025. Every test starts from empty tables.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // Tests run role sync's schedule themselves (RoleSyncRuns.due()), at the test clock's times.
        "upkeep.rolesync.scheduled=false",
        // The scraper's token for /actuator/prometheus.
        "upkeep.metrics.token=" + UpkeepTest.METRICS_TOKEN,
        "upkeep.smtp.host=localhost", "upkeep.smtp.port=" + UpkeepTest.SMTP_PORT, "upkeep.smtp.starttls=false",
        // Contexts are not closed at JVM exit, so none is left waiting on the database as it stops.
        "spring.main.register-shutdown-hook=false"})
@Import(UpkeepTest.TestClock.class)
@ExtendWith(EmptyTablesExtension.class)
public @interface UpkeepTest {

    int SMTP_PORT = 3025;
    String METRICS_TOKEN = "scrape-token-for-tests";
    Instant START = Instant.parse("2026-11-27T12:00:00Z");

    @TestConfiguration(proxyBeanMethods = false)
    class TestClock {

        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(START);
        }
    }
}
