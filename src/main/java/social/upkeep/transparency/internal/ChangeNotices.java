package social.upkeep.transparency.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tells the other nodes of a cluster that a server's public data changed, through PostgreSQL's LISTEN/NOTIFY on
 * the database they share: each node listens on one connection of its own and drops what it keeps of that server.
 * A node's own notices come back to it too; dropping twice is harmless.
 */
@Component
class ChangeNotices implements SmartLifecycle {

    static final String CHANNEL = "upkeep_public_changed";
    private static final Logger log = LoggerFactory.getLogger(ChangeNotices.class);

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final ReportCache cache;
    private volatile boolean running;
    private @Nullable Thread listener;

    ChangeNotices(DataSource dataSource, JdbcClient jdbc, @Lazy ReportCache cache) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.cache = cache;
    }

    /** After the change committed: NOTIFY is delivered only on commit, and this runs outside the transaction. */
    void tellOtherNodes(long instanceId) {
        try {
            jdbc.sql("SELECT pg_notify(?, ?)").params(CHANNEL, String.valueOf(instanceId)).query((rs, row) -> 1).list();
        } catch (RuntimeException e) {
            log.warn("Could not tell other nodes of a change to server {}: {}", instanceId, e.toString());
        }
    }

    @Override
    public void start() {
        running = true;
        Thread thread = new Thread(this::listen, "upkeep-change-notices");
        thread.setDaemon(true);
        thread.start();
        listener = thread;
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notices = pg.getNotifications(500);
                    if (notices != null) {
                        for (PGNotification notice : notices) {
                            dropped(notice.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    // Kept pages still expire within a minute; try again shortly.
                    log.warn("Listening for changes from other nodes failed, retrying: {}", e.toString());
                    pause();
                }
            }
        }
    }

    private void dropped(String parameter) {
        try {
            cache.drop(Long.parseLong(parameter));
        } catch (NumberFormatException e) {
            log.warn("Ignored a change notice that names no server");
        }
    }

    private static void pause() {
        try {
            Thread.sleep(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = listener;
        if (thread != null) {
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
