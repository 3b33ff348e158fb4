package social.upkeep.shared;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * A module's gauges for {@code /actuator/prometheus}, read from the database at each scrape, so every node of a
 * cluster reports the same figures and a new server appears without a restart. A bean of this type is
 * registered with the Prometheus registry; a database that does not answer leaves the module's gauges out of
 * that scrape rather than failing it.
 */
public abstract class Gauges implements MultiCollector {

    private static final Logger log = LoggerFactory.getLogger(Gauges.class);

    /** The gauges as they stand now. */
    protected abstract List<GaugeSnapshot> read();

    @Override
    public final MetricSnapshots collect() {
        try {
            return new MetricSnapshots(List.<MetricSnapshot>copyOf(read()));
        } catch (DataAccessException e) {
            log.warn("Metrics of {} left out of this scrape: {}", getClass().getSimpleName(), e.getMessage());
            return new MetricSnapshots(List.of());
        }
    }

    /** One unlabelled value. */
    protected static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeDataPointSnapshot.builder().value(value).build()).build();
    }

    /** One value per combination of labels; each key is a list of label name, value, name, value, ... */
    protected static GaugeSnapshot gauge(String name, String help, Map<List<String>, ? extends Number> values) {
        var builder = GaugeSnapshot.builder().name(name).help(help);
        values.forEach((labels, value) -> builder.dataPoint(GaugeDataPointSnapshot.builder()
                .labels(Labels.of(labels.toArray(String[]::new))).value(value.doubleValue()).build()));
        return builder.build();
    }

    /** Label lists built while reading rows. */
    protected static List<String> labels(String... nameValuePairs) {
        return new ArrayList<>(List.of(nameValuePairs));
    }
}
