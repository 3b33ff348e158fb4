package social.upkeep.operator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import social.upkeep.support.Browser;
import social.upkeep.support.SecondNode;
import social.upkeep.support.UpkeepTest;

/**
 * Setup on a cluster: the person installing reads one node's log, and the load balancer sends /setup to another.
 * The code works there (its hash is in the database); once setup is done no code opens it again.
 */
@UpkeepTest
class ClusterSetupTest {

    static final String PASSWORD = "lantern orbit velvet marsh";

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theCodeOneNodePrintedWorksOnTheOtherAndIsKeptOnlyAsAHash() {
        try (SecondNode nodeB = SecondNode.like(context, Map.of())) {
            String printedByB = nodeB.bean(SetupCode.class).value();
            assertThat(jdbc.sql("SELECT code_hash FROM setup_code").query(String.class).list())
                    .isNotEmpty().noneMatch(hash -> hash.contains(printedByB));

            var browser = new Browser(port);                                    // node A serves /setup
            var wrong = browser.submit(browser.get("/setup"), "form[action='/setup']", Map.of("setupCode",
                    "AAAA-BBBB-CCCC", "email", "owner@example.social", "password", PASSWORD, "confirmation", PASSWORD));
            assertThat(wrong.text()).contains("setup code");
            var done = browser.submit(browser.get("/setup"), "form[action='/setup']", Map.of("setupCode",
                    printedByB.toLowerCase(), "email", "owner@example.social", "password", PASSWORD,
                    "confirmation", PASSWORD));
            assertThat(done.path()).isEqualTo("/operator");
            assertThat(jdbc.sql("SELECT count(*) FROM setup_code").query(Integer.class).single()).isZero();
            assertThat(new Browser(port).get(nodeB.url("/setup")).status()).as("closed on B too").isEqualTo(404);
        }
    }
}
