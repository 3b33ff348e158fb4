package social.upkeep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.upkeep.instance.Instances;
import social.upkeep.support.Browser;
import social.upkeep.support.SecondNode;
import social.upkeep.support.FediverseStubs;
import social.upkeep.support.Servers;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.UpkeepTest;

/**
 * Two real Upkeep nodes on one PostgreSQL, as behind a load balancer: the test's own (node A) and a second one
 * started here with the same settings (node B). A session made on one is known on the other, a fediverse sign-in
 * begun on one ends on the other, a node started anew still knows who is signed in, and a change made through one
 * drops what the other kept of the public page at once.
 */
@UpkeepTest
class ClusterSessionsTest {

    /** The settings node B shares with node A beyond the database: the stubs' and the test harness's. */
    private static final Map<String, Object> SHARED = new HashMap<>();

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    Instances instances;

    @Autowired
    social.upkeep.expense.Expenses expenses;

    SecondNode nodeB;

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
        nodeB = SecondNode.like(context, SHARED);
    }

    @AfterEach
    void stopNodeB() {
        if (nodeB != null) {
            nodeB.close();
        }
    }

    private String onNodeB(String path) {
        assertThat(nodeB.port()).isNotEqualTo(port);
        return nodeB.url(path);
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
        int portB = nodeB.port();
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
        nodeB = SecondNode.like(context, SHARED);
        var servers = owner.get(onNodeB("/operator/servers"));
        assertThat(servers.path()).isEqualTo("/operator/servers");
        assertThat(servers.text()).contains("example.social social");
    }

    @Test
    void aChangeOnOneNodeReachesThePageTheOtherKeptAtOnce() {
        var server = Servers.create(instances, "example.social", "EUR");
        assertThat(new Browser(port).get(onNodeB("/servers/example.social")).text()).doesNotContain("Hetzner");
        expenses.add(server.id(), new social.upkeep.expense.ExpenseDetails(java.time.LocalDate.of(2026, 11, 3),
                "hosting", "Hetzner", "", social.upkeep.shared.Money.of(10_00, "EUR"),
                social.upkeep.shared.Money.of(10_00, "EUR")), null, false, null);              // booked on node A
        // Node B kept the page for a minute (its clock stands still here, so only a notice can drop it).
        social.upkeep.support.Eventually.until("node B's page shows the expense", () ->
                new Browser(port).get(onNodeB("/servers/example.social")).text().contains("Hetzner"));
    }
}
