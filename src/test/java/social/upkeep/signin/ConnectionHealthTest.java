package social.upkeep.signin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.upkeep.instance.FediverseServers;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.support.Browser;
import social.upkeep.support.FediverseStubs;
import social.upkeep.support.MutableClock;
import social.upkeep.support.Servers;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.UpkeepTest;

/** The daily read of active users, and what the connection page says when the server stops answering. */
@UpkeepTest
class ConnectionHealthTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    Instances instances;

    @Autowired
    FediverseServers servers;

    @Autowired
    MutableClock clock;

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        FediverseStubs.register(registry);
    }

    @BeforeEach
    void reset() {
        FediverseStubs.reset();
    }

    @Test
    void theDailyReadKeepsActiveUsersCurrentAndShowsFailuresInPlainWords() {
        Instance server = Servers.create(instances, FediverseStubs.MASTODON_46, "EUR");
        Browser owner = SignedInOwner.browser(port, jdbc, passwords);
        owner.submit(owner.get("/operator/servers/" + server.id() + "/connection"), "form.connect", Map.of());
        assertThat(instances.get(server.id()).activeUsers()).isEqualTo(318);

        FediverseStubs.wiremock().stubFor(get("/api/v2/instance").atPriority(1)
                .withHost(equalTo(FediverseStubs.MASTODON_46))
                .willReturn(okJson("{\"domain\":\"mastodon46.test\",\"usage\":{\"users\":{\"active_month\":402}}}")));
        clock.advance(Duration.ofDays(1));
        servers.refreshActiveUsers();
        assertThat(instances.get(server.id()).activeUsers()).isEqualTo(402);
        assertThat(owner.get("/operator/servers/" + server.id() + "/connection").text())
                .contains("Last successful call 28 November 2026, 12:00 UTC");

        FediverseStubs.wiremock().stubFor(get("/api/v2/instance").atPriority(1)
                .withHost(equalTo(FediverseStubs.MASTODON_46))
                .willReturn(aResponse().withStatus(502).withBody("<html>Bad Gateway</html>")));
        clock.advance(Duration.ofDays(1));
        servers.refreshActiveUsers();
        assertThat(instances.get(server.id()).activeUsers()).as("kept from the last good read").isEqualTo(402);
        assertThat(owner.get("/operator/servers/" + server.id() + "/connection").text())
                .contains("Last successful call 28 November 2026, 12:00 UTC")
                .contains("Last error The server had an error. Try again later.");
    }

    @Test
    void aDisconnectedServerIsNoLongerRead() {
        Instance server = Servers.create(instances, FediverseStubs.AKKOMA, "EUR");
        Browser owner = SignedInOwner.browser(port, jdbc, passwords);
        owner.submit(owner.get("/operator/servers/" + server.id() + "/connection"), "form.connect", Map.of());
        owner.submit(owner.get("/operator/servers/" + server.id() + "/connection"), "form.disconnect",
                Map.of("confirm", "yes"));
        FediverseStubs.wiremock().resetRequests();
        servers.refreshActiveUsers();
        assertThat(FediverseStubs.wiremock().getAllServeEvents()).isEmpty();
    }
}
