package social.upkeep.shared.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded trial mode keeps its data in the data directory, safely, across restarts. */
class EmbeddedDatabaseTest {

    @TempDir
    Path dataDir;

    final DatabaseConfig config = new DatabaseConfig();

    @Test
    void dataSurvivesARestartAndIsWrittenDurably() throws Exception {
        var settings = new DatabaseSettings(null, null, null, dataDir);
        try (EmbeddedPostgres first = config.embeddedPostgres(settings)) {
            execute(first, "CREATE TABLE kept (note text)");
            execute(first, "INSERT INTO kept VALUES ('still here')");
            assertThat(query(first, "SHOW fsync")).isEqualTo("on");
            assertThat(query(first, "SHOW synchronous_commit")).isEqualTo("on");
            assertThat(query(first, "SHOW listen_addresses")).isEqualTo("localhost");
        }
        assertThat(dataDir.resolve("postgres/PG_VERSION")).exists();
        try (EmbeddedPostgres second = config.embeddedPostgres(settings)) {
            assertThat(query(second, "SELECT note FROM kept")).isEqualTo("still here");
            assertThat(query(second, "SHOW server_version")).startsWith("17.");
        }
    }

    private static void execute(EmbeddedPostgres postgres, String sql) throws SQLException {
        try (var connection = postgres.getPostgresDatabase().getConnection(); var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(EmbeddedPostgres postgres, String sql) throws SQLException {
        try (var connection = postgres.getPostgresDatabase().getConnection(); var statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
