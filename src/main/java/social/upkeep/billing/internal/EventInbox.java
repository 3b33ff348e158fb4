package social.upkeep.billing.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Stripe events as they arrive: stored once under their id, for the worker to apply. */
@Repository
class EventInbox {

    private final JdbcClient jdbc;
    private final Clock clock;

    EventInbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Stores the event; false when it was stored before (a redelivery), which changes nothing. */
    boolean store(long instanceId, String eventId, String type, @Nullable String apiVersion, boolean livemode,
            Instant created, String payload) {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        return jdbc.sql("""
                        INSERT INTO stripe_event (instance_id, event_id, type, api_version, livemode, stripe_created,
                            payload, received_at, next_attempt_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (instance_id, event_id) DO NOTHING""")
                .params(instanceId, eventId, type, apiVersion, livemode, created.atOffset(ZoneOffset.UTC), payload,
                        now, now)
                .update() == 1;
    }
}
