package social.upkeep.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Waiting for work done on other threads: module listeners run after commit, asynchronously. */
public final class Eventually {

    private Eventually() {
    }

    /** Polls until {@code condition} holds, failing after 20 seconds with {@code what} it waited for. */
    public static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Until every event handed to a module listener is handled (completed publications are deleted). */
    public static void listenersDone(JdbcClient jdbc) {
        try {
            until("every event is handled", () -> jdbc.sql("SELECT count(*) FROM event_publication")
                    .query(Integer.class).single() == 0);
        } catch (AssertionError timedOut) {
            throw new AssertionError(timedOut.getMessage() + "; still waiting: " + jdbc.sql(
                    "SELECT listener_id || ' (' || event_type || ')' FROM event_publication ORDER BY publication_date")
                    .query(String.class).list(), timedOut);
        }
    }
}
