package social.upkeep.shared.internal;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** The one DataSource: the configured PostgreSQL, or an embedded one for trying Upkeep out. */
@Configuration(proxyBeanMethods = false)
class DatabaseConfig {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfig.class);

    @Bean(destroyMethod = "close")
    @Conditional(NoExternalDatabase.class)
    EmbeddedPostgres embeddedPostgres(DatabaseSettings settings) {
        var directory = settings.embeddedDirectory();
        try {
            Files.createDirectories(directory);
            var postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "localhost")
                    // The library tunes for throwaway test databases (fsync and synchronous commit off);
                    // this one holds real money records, so it must survive a crash.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .start();
            log.warn("Using the embedded PostgreSQL 17 on localhost:{} (user postgres) with its data in {}. "
                    + "This mode is for trying Upkeep out; set UPKEEP_DB_URL to use your own PostgreSQL in production.",
                    postgres.getPort(), directory);
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + directory, e);
        }
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(DatabaseSettings settings, ObjectProvider<EmbeddedPostgres> embedded) {
        var dataSource = new HikariDataSource();
        dataSource.setPoolName("upkeep");
        // Sized on purpose: the event workers (4) and Quartz (4) each hold one while they work, requests a few more.
        // Idle, two stay open, so an idle node keeps few PostgreSQL backends (each is a process of its own).
        dataSource.setMaximumPoolSize(12);
        dataSource.setMinimumIdle(2);
        if (settings.external()) {
            dataSource.setJdbcUrl(settings.url());
            dataSource.setUsername(settings.username());
            dataSource.setPassword(settings.password());
        } else {
            dataSource.setJdbcUrl(embedded.getObject().getJdbcUrl("postgres", "postgres"));
        }
        return dataSource;
    }
}
