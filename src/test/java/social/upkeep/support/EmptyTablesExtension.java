package social.upkeep.support;

import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
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
            jdbc.sql("SET session_replication_role = replica; TRUNCATE " + String.join(", ", tables)
                    + " RESTART IDENTITY CASCADE; SET session_replication_role = origin").update();
        }
        if (context.getBean(Clock.class) instanceof MutableClock clock) {
            clock.set(UpkeepTest.START);
        }
    }
}
