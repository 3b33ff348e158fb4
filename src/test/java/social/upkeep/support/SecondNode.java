package social.upkeep.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.scheduling.quartz.LocalDataSourceJobStore;
import social.upkeep.UpkeepApplication;

/**
 * A second Upkeep node on the test's database, as a cluster runs them behind a load balancer: the same settings
 * as the test's own node (database, master key, mail, the stubs' hosts), a port of its own.
 */
public final class SecondNode implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final ApplicationContext first;

    private SecondNode(ConfigurableApplicationContext context, ApplicationContext first) {
        this.context = context;
        this.first = first;
    }

    /** Starts a node with the settings the test's node {@code firstNode} runs with, plus {@code more}. */
    public static SecondNode like(ApplicationContext firstNode, Map<String, Object> more) {
        Environment first = firstNode.getEnvironment();
        var properties = new HashMap<String, Object>(more);
        for (String name : new String[] {"upkeep.db.url", "upkeep.db.username", "upkeep.secret-key",
                "upkeep.smtp.host", "upkeep.smtp.port", "upkeep.smtp.starttls", "upkeep.rolesync.scheduled",
                TestDatabaseContextCustomizerFactory.SCHEDULER_NAME}) {
            properties.put(name, first.getRequiredProperty(name));
        }
        properties.put("server.port", "0");
        properties.put("spring.main.register-shutdown-hook", "false");
        properties.put("spring.main.banner-mode", "off");
        // As command-line arguments: they outrank application.properties, as the test's own settings do.
        return new SecondNode(new SpringApplicationBuilder(UpkeepApplication.class, UpkeepTest.TestClock.class)
                .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new)), firstNode);
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public String url(String path) {
        return "http://localhost:" + port() + path;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /**
     * Stops the node. Quartz keeps one JVM-wide table of data sources by scheduler name, and both nodes' schedulers
     * share their name (they form one cluster), so the second one's registration replaced the first's: the first
     * node's scheduler is given back its own data source, or it would go on with the closed pool.
     */
    @Override
    public void close() {
        context.close();
        DataSource dataSource = first.getBean(DataSource.class);
        String scheduler = first.getEnvironment().getRequiredProperty(
                "spring.quartz.properties.org.quartz.scheduler.instanceName");
        DBConnectionManager.getInstance().addConnectionProvider(LocalDataSourceJobStore.TX_DATA_SOURCE_PREFIX
                + scheduler, provider(() -> DataSourceUtils.doGetConnection(dataSource)));
        DBConnectionManager.getInstance().addConnectionProvider(LocalDataSourceJobStore.NON_TX_DATA_SOURCE_PREFIX
                + scheduler, provider(dataSource::getConnection));
    }

    private interface Opening {
        Connection open() throws SQLException;
    }

    /** As Spring's LocalDataSourceJobStore registers them. */
    private static ConnectionProvider provider(Opening opening) {
        return new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return opening.open();
            }

            @Override
            public void shutdown() {
            }

            @Override
            public void initialize() {
            }
        };
    }
}
