package social.upkeep.support;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import social.upkeep.UpkeepApplication;

/**
 * A second Upkeep node on the test's database, as a cluster runs them behind a load balancer: the same settings
 * as the test's own node (database, master key, mail, the stubs' hosts), a port of its own.
 */
public final class SecondNode implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private SecondNode(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts a node with the settings {@code first} runs with, plus {@code more} (say, the stubs' hosts). */
    public static SecondNode like(Environment first, Map<String, Object> more) {
        var properties = new HashMap<String, Object>(more);
        for (String name : new String[] {"upkeep.db.url", "upkeep.db.username", "upkeep.secret-key",
                "upkeep.smtp.host", "upkeep.smtp.port", "upkeep.smtp.starttls", "upkeep.rolesync.scheduled"}) {
            properties.put(name, first.getRequiredProperty(name));
        }
        properties.put("server.port", "0");
        properties.put("spring.main.register-shutdown-hook", "false");
        properties.put("spring.main.banner-mode", "off");
        // As command-line arguments: they outrank application.properties, as the test's own settings do.
        return new SecondNode(new SpringApplicationBuilder(UpkeepApplication.class, UpkeepTest.TestClock.class)
                .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new)));
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

    @Override
    public void close() {
        context.close();
    }
}
