package social.upkeep.shared.internal;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import social.upkeep.shared.Gauges;

@Configuration(proxyBeanMethods = false)
class MetricsConfig {

    /** Each module's database gauges join the JVM's and Spring's in {@code /actuator/prometheus}. */
    @Bean
    SmartInitializingSingleton registerGauges(PrometheusRegistry registry, List<Gauges> gauges) {
        return () -> gauges.forEach(registry::register);
    }
}
