package social.upkeep.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The one embedded PostgreSQL of a test JVM. Every Spring context gets a fresh database of its own inside
 * it, so contexts never share Quartz schedulers or rows, and the server starts only once.
 */
public final class TestDatabase {

    private static final AtomicInteger databases = new AtomicInteger();
    private static volatile EmbeddedPostgres server;

    private TestDatabase() {
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder()
                        .setDataDirectory(Files.createTempDirectory("upkeep-test-pg"))
                        .setCleanDataDirectory(true)
                        // Every cached test context keeps a connection pool, and the cluster tests add a second
                        // node: PostgreSQL's default of 100 connections is too few for the whole suite.
                        .setServerConfig("max_connections", "400")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }

    /** Creates an empty database and returns its JDBC URL. */
    public static String createDatabase() {
        String name = "upkeep_test_" + databases.incrementAndGet();
        DataSource admin = server().getPostgresDatabase();
        try (var connection = admin.getConnection(); var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + name, e);
        }
        return server().getJdbcUrl("postgres", name);
    }
}
