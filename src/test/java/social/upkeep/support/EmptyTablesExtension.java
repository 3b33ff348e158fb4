package social.upkeep.support;

import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/** Empties every table Upkeep's migrations made (but Flyway's and Quartz's own) and resets the clock. */
public class EmptyTablesExtension implements BeforeEachCallback {

    @Override
    public void beforeEach(ExtensionContext extension) {
        var context = SpringExtension.getApplicationContext(extension);
        var jdbc = context.getBean(JdbcClient.class);
        List<String> tables = jdbc.sql("""
                        SELECT tablename FROM pg_tables WHERE schemaname = 'public'
                        AND tablename <> 'flyway_schema_history' AND tablename NOT LIKE 'qrtz%'""")
                .query(String.class).list();
        if (!tables.isEmpty()) {
            // Replica mode skips triggers, among them the one that guards the ledger against TRUNCATE.
            truncate(jdbc, "SET session_replication_role = replica; TRUNCATE " + String.join(", ", tables)
                    + " RESTART IDENTITY CASCADE; SET session_replication_role = origin");
        }
        if (context.getBean(Clock.class) instanceof MutableClock clock) {
            clock.set(UpkeepTest.START);
        }
    }

    /**
     * A job or event worker of the previous test may still be in a transaction on these tables; PostgreSQL can
     * then pick the TRUNCATE, which locks them one by one, as a deadlock's victim (seen: 40P01). The statement is
     * rolled back whole, so it is tried again once the other has finished.
     */
    private static void truncate(JdbcClient jdbc, String sql) {
        for (int attempt = 1; ; attempt++) {
            try {
                jdbc.sql(sql).update();
                return;
            } catch (PessimisticLockingFailureException deadlock) {
                if (attempt == 5) {
                    throw deadlock;
                }
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw deadlock;
                }
            }
        }
    }
}
