package social.upkeep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.upkeep.instance.Instances;
import social.upkeep.support.Browser;
import social.upkeep.support.FediverseStubs;
import social.upkeep.support.Servers;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.UpkeepTest;

/**
 * Two real Upkeep nodes on one PostgreSQL, as behind a load balancer: the test's own (node A) and a second one
 * started here with the same settings (node B). A session made on one is known on the other, a fediverse sign-in
 * begun on one ends on the other, and a node started anew still knows who is signed in.
 */
@UpkeepTest
class ClusterSessionsTest {

    /** The settings node B shares with node A beyond the database: the stubs' and the test harness's. */
    private static final Map<String, Object> SHARED = new HashMap<>();

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    Instances instances;

    ConfigurableApplicationContext nodeB;

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        FediverseStubs.register(registry);
        FediverseStubs.register(new DynamicPropertyRegistry() {
            @Override
            public void add(String name, Supplier<Object> value) {
                SHARED.put(name, value.get());
            }
        });
    }

    @BeforeEach
    void setUp() {
        FediverseStubs.reset();
        nodeB = startNode();
    }

    @AfterEach
    void stopNodeB() {
        if (nodeB != null) {
            nodeB.close();
        }
    }

    private ConfigurableApplicationContext startNode() {
        var properties = new HashMap<String, Object>(SHARED);
        for (String name : new String[] {"upkeep.db.url", "upkeep.db.username", "upkeep.secret-key",
                "upkeep.smtp.host", "upkeep.smtp.port", "upkeep.smtp.starttls", "upkeep.rolesync.scheduled"}) {
            properties.put(name, environment.getRequiredProperty(name));
        }
        properties.put("server.port", "0");
        properties.put("spring.main.register-shutdown-hook", "false");
        properties.put("spring.main.banner-mode", "off");
        // As command-line arguments: they outrank application.properties, as the test's own settings do for A.
        return new SpringApplicationBuilder(UpkeepApplication.class, UpkeepTest.TestClock.class)
                .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
    }

    private String onNodeB(String path) {
        int portB = ((WebServerApplicationContext) nodeB).getWebServer().getPort();
        assertThat(portB).isNotEqualTo(port);
        return "http://localhost:" + portB + path;
    }

    @Test
    void anOwnerSignedInOnOneNodeIsSignedInOnTheOther() {
        Browser owner = SignedInOwner.browser(port, jdbc, passwords);
        var dashboard = owner.get(onNodeB("/operator"));
        assertThat(dashboard.path()).isEqualTo("/operator");
        assertThat(dashboard.text()).contains("Signed in as " + SignedInOwner.EMAIL);
        assertThat(jdbc.sql("SELECT count(*) FROM spring_session WHERE principal_name = ?")
                .param(SignedInOwner.EMAIL).query(Integer.class).single()).isOne();

        var signedOut = owner.submit(owner.get(onNodeB("/operator")), "form[action='/signout']", Map.of());
        assertThat(signedOut.text()).contains("You are signed out");
        assertThat(owner.get("/operator").path()).as("signed out on node A too").isEqualTo("/signin");
    }

    @Test
    void aFediverseSignInBegunOnOneNodeEndsOnTheOther() {
        Browser supporter = new Browser(port);
        int portB = ((WebServerApplicationContext) nodeB).getWebServer().getPort();
        supporter.callbacksTo(portB);
        FediverseStubs.signInAs(FediverseStubs.MASTODON_46, "member");
        var page = supporter.submit(supporter.get("/signin/supporter"), "form.fediverse-signin",
                Map.of("handle", "@member@mastodon46.test"));
        assertThat(page.uri().getPort()).as("the server sent the browser back to node B").isEqualTo(portB);
        assertThat(page.path()).isEqualTo("/me");
        assertThat(supporter.get("/me").path()).as("and node A knows the supporter too").isEqualTo("/me");
    }

    @Test
    void aNodeStartedAnewStillKnowsWhoIsSignedIn() {
        Servers.create(instances, "example.social", "EUR");
        Browser owner = SignedInOwner.browser(port, jdbc, passwords);
        assertThat(owner.get(onNodeB("/operator/servers")).path()).isEqualTo("/operator/servers");
        nodeB.close();
        nodeB = startNode();
        var servers = owner.get(onNodeB("/operator/servers"));
        assertThat(servers.path()).isEqualTo("/operator/servers");
        assertThat(servers.text()).contains("example.social social");
    }
}
