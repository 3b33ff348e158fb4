package social.upkeep.support;

import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/** Points every test's Spring context at a database of its own on the JVM's one embedded PostgreSQL. */
public class TestDatabaseContextCustomizerFactory implements ContextCustomizerFactory {

    /** A fixed master key for tests only: 32 bytes of zeros would do, this is just less suspicious-looking. */
    public static final String TEST_SECRET_KEY = "dGVzdC1rZXktdGhhdC1pcy0zMi1ieXRlcy1sb25nISE=";

    public static final String SCHEDULER_NAME = "spring.quartz.properties.org.quartz.scheduler.instanceName";

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configs) {
        return new Customizer();
    }

    private static final class Customizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            String database = TestDatabase.createDatabase();
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("upkeep-test-database", Map.of(
                    "upkeep.db.url", database,
                    "upkeep.db.username", "postgres",
                    "upkeep.secret-key", TEST_SECRET_KEY,
                    // Quartz keeps one JVM-wide table of data sources by scheduler name: with one name, every
                    // cached context's scheduler would use the last context's database and count the others as
                    // its cluster. A name per database keeps each context's scheduler on its own.
                    SCHEDULER_NAME, "upkeep-" + database.replaceAll(".*/([^/?]+).*", "$1"))));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Customizer;
        }

        @Override
        public int hashCode() {
            return Customizer.class.hashCode();
        }
    }
}
