package social.upkeep.billing.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import social.upkeep.notification.OperatorAlerts;

/**
 * The stored events waiting to be applied. A worker claims a batch with {@code FOR UPDATE SKIP LOCKED} and
 * leases it: two app nodes never take the same event, and an event whose worker died is taken again once its
 * lease runs out.
 */
@Repository
class EventQueue {

    /**
     * How long a failing event is retried before it waits for the operator: as long as Stripe itself retries an
     * undelivered webhook (three days), so an outage of Stripe or the database that long books everything once
     * it ends.
     */
    static final Duration GIVE_UP_AFTER = Duration.ofDays(3);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration lease;
    private final OperatorAlerts alerts;

    EventQueue(JdbcClient jdbc, Clock clock, StripeSettings settings, OperatorAlerts alerts) {
        this.alerts = alerts;
        this.jdbc = jdbc;
        this.clock = clock;
        this.lease = settings.workerLease();
    }

    List<StoredEvent> claim(int batch) {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        return jdbc.sql("""
                        UPDATE stripe_event e SET attempts = e.attempts + 1, next_attempt_at = :lease
                        FROM (SELECT instance_id, event_id FROM stripe_event
                              WHERE status = 'PENDING' AND next_attempt_at <= :now
                              ORDER BY next_attempt_at, stripe_created LIMIT :batch FOR UPDATE SKIP LOCKED) due
                        WHERE e.instance_id = due.instance_id AND e.event_id = due.event_id
                        RETURNING e.instance_id, e.event_id, e.type, e.payload, e.attempts, e.stripe_created""")
                .param("lease", now.plus(lease))
                .param("now", now)
                .param("batch", batch)
                .query((rs, row) -> new StoredEvent(rs.getLong("instance_id"), rs.getString("event_id"),
                        rs.getString("type"), rs.getString("payload"), rs.getInt("attempts")))
                .list();
    }

    /** Claimed but not begun (the node is stopping): due again now, as if never taken. */
    void release(List<StoredEvent> events) {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        for (StoredEvent event : events) {
            jdbc.sql("""
                            UPDATE stripe_event SET attempts = greatest(attempts - 1, 0), next_attempt_at = ?
                            WHERE instance_id = ? AND event_id = ? AND status = 'PENDING'""")
                    .params(now, event.instanceId(), event.eventId()).update();
        }
    }

    /** Applied or ignored: done for good. Runs in the transaction that applied it. */
    void finish(StoredEvent event, boolean applied, @Nullable String subject, @Nullable String note) {
        jdbc.sql("""
                        UPDATE stripe_event SET status = ?, subject_id = ?, last_error = ?, next_attempt_at = ?
                        WHERE instance_id = ? AND event_id = ?""")
                .params(applied ? "APPLIED" : "IGNORED", subject, truncate(note), clock.instant().atOffset(ZoneOffset.UTC),
                        event.instanceId(), event.eventId())
                .update();
    }

    /**
     * Failed this time: retried with exponential backoff (30 s doubling, at most 6 h) and jitter, or, once it has
     * been failing since it arrived {@link #GIVE_UP_AFTER} ago, marked failed for the operator.
     */
    void failed(StoredEvent event, String error) {
        long seconds = Math.min(Duration.ofHours(6).toSeconds(), 30L << Math.min(event.attempts() - 1, 20));
        long jittered = seconds + ThreadLocalRandom.current().nextLong(seconds / 5 + 1);
        Instant now = clock.instant();
        String status = jdbc.sql("""
                        UPDATE stripe_event SET status = CASE WHEN received_at <= ? THEN 'FAILED' ELSE 'PENDING' END,
                            next_attempt_at = ?, last_error = ?
                        WHERE instance_id = ? AND event_id = ? RETURNING status""")
                .params(now.minus(GIVE_UP_AFTER).atOffset(ZoneOffset.UTC),
                        now.plusSeconds(jittered).atOffset(ZoneOffset.UTC), truncate(error), event.instanceId(),
                        event.eventId())
                .query(String.class).optional().orElse("PENDING");
        if (status.equals("FAILED")) {
            alerts.send(event.instanceId(), OperatorAlerts.Kind.PAYMENTS, "event-failed:" + event.eventId(),
                    "alert.event-failed", "/operator/servers/" + event.instanceId() + "/stripe", event.type(),
                    event.eventId(), event.attempts());
        }
    }

    /** An event that failed at least twice, as the operator sees it. */
    record Troubled(String eventId, String type, String status, int attempts, @Nullable String lastError,
            Instant nextAttemptAt) {
    }

    /** Events that failed for good, or failed more than once and wait for another try. */
    List<Troubled> troubled(long instanceId) {
        return jdbc.sql("""
                        SELECT event_id, type, status, attempts, last_error, next_attempt_at FROM stripe_event
                        WHERE instance_id = ? AND (status = 'FAILED' OR (status = 'PENDING' AND attempts >= 2))
                        ORDER BY stripe_created DESC LIMIT 100""")
                .param(instanceId)
                .query((rs, row) -> new Troubled(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getString(5), rs.getObject(6, java.time.OffsetDateTime.class).toInstant()))
                .list();
    }

    /** The operator asks for every failed event of the server to be tried again now; how many. */
    int retryAll(long instanceId) {
        return jdbc.sql("""
                        UPDATE stripe_event SET status = 'PENDING', attempts = 0, next_attempt_at = ?
                        WHERE instance_id = ? AND status = 'FAILED'""")
                .params(clock.instant().atOffset(ZoneOffset.UTC), instanceId).update();
    }

    /** The operator asks for a failed event to be tried again now. */
    boolean retry(long instanceId, String eventId) {
        return jdbc.sql("""
                        UPDATE stripe_event SET status = 'PENDING', attempts = 0, next_attempt_at = ?
                        WHERE instance_id = ? AND event_id = ? AND status = 'FAILED'""")
                .params(clock.instant().atOffset(ZoneOffset.UTC), instanceId, eventId).update() == 1;
    }

    private static @Nullable String truncate(@Nullable String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 500);
    }
}
