package social.upkeep.instance.internal;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import social.upkeep.shared.PublicDataChanged;

/** The look an operator chose for a server's public and supporter pages. */
@Component
class ServerLooks {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    ServerLooks(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    Optional<AccentColour> accent(long instanceId) {
        return jdbc.sql("SELECT accent FROM instance_look WHERE instance_id = ? AND accent IS NOT NULL")
                .param(instanceId).query(String.class).list().stream().findFirst().flatMap(AccentColour::parse);
    }

    void saveAccent(long instanceId, @Nullable AccentColour accent) {
        jdbc.sql("""
                        INSERT INTO instance_look (instance_id, accent) VALUES (?, ?)
                        ON CONFLICT (instance_id) DO UPDATE SET accent = excluded.accent""")
                .params(instanceId, accent == null ? null : accent.hex()).update();
        events.publishEvent(new PublicDataChanged(instanceId));      // kept public pages link the old colour
    }
}
