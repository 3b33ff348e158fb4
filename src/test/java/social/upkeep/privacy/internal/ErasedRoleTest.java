package social.upkeep.privacy.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.membership.Memberships;
import social.upkeep.shared.Money;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;
import social.upkeep.support.Browser;
import social.upkeep.support.Eventually;
import social.upkeep.support.FediverseStubs;
import social.upkeep.support.MutableClock;
import social.upkeep.support.Servers;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.UpkeepTest;
import social.upkeep.tier.Tier;
import social.upkeep.tier.TierDetails;
import social.upkeep.tier.Tiers;

/**
 * An erased member loses the role Upkeep gave them, through role sync as for an ended membership: on a Misskey
 * server (roles through its admin API, stubbed as ApiRoleSyncTest does after RoleService.ts), the role is
 * unassigned, and the audit trail keeps the change under the pseudonym, not the account's name.
 */
@UpkeepTest
class ErasedRoleTest {

    static final String HOST = FediverseStubs.MISSKEY;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Instances instances;

    @Autowired
    Tiers tiers;

    @Autowired
    Supporters supporters;

    @Autowired
    Memberships memberships;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    MutableClock clock;

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        FediverseStubs.register(registry);
    }

    @BeforeEach
    void setUp() {
        clock.set(UpkeepTest.START);
        FediverseStubs.reset();
    }

    @AfterEach
    void letListenersFinish() {
        Eventually.listenersDone(jdbc);
    }

    @Test
    void theErasedMembersRoleIsTakenAwayAndTheTrailNoLongerNamesThem() {
        var wiremock = FediverseStubs.wiremock();
        wiremock.stubFor(post("/api/admin/roles/list").withHost(equalTo(HOST)).willReturn(okJson("""
                [{"id": "9r0le0000b", "name": "Supporter", "isModerator": false, "color": "#e5a00d"}]""")));
        wiremock.stubFor(post("/api/admin/roles/users").withHost(equalTo(HOST)).willReturn(okJson("[]")));
        wiremock.stubFor(post("/api/users/show").withHost(equalTo(HOST))
                .withRequestBody(equalToJson("{\"username\": \"alice\", \"host\": null}"))
                .willReturn(okJson("{\"id\": \"9a11ce0001\", \"username\": \"alice\", \"host\": null}")));
        wiremock.stubFor(post("/api/admin/show-user").withHost(equalTo(HOST))
                .willReturn(okJson("{\"id\": \"9a11ce0001\", \"username\": \"alice\", \"roleAssigns\": []}")));
        wiremock.stubFor(post("/api/admin/roles/assign").withHost(equalTo(HOST)).willReturn(aResponse().withStatus(204)));
        wiremock.stubFor(post("/api/admin/roles/unassign").withHost(equalTo(HOST)).willReturn(aResponse().withStatus(204)));
        Instance server = Servers.create(instances, HOST, "EUR");
        Browser owner = SignedInOwner.browser(port, jdbc, passwords);
        var page = owner.submit(owner.get("/operator/servers/" + server.id() + "/connection"), "form.connect", Map.of());
        assertThat(page.text()).contains("The server is connected.");
        page = owner.submit(owner.get("/operator/servers/" + server.id() + "/roles"), "form.rolesync-settings",
                Map.of("enabled", "true", "writer", "API", "sharePercent", "20"));
        assertThat(page.text()).contains("Role sync settings saved.");
        Tier tier = tiers.create(server.id(), server.currency(), new TierDetails("Supporter", "", List.of(),
                Money.of(500, "EUR"), null, null, "Supporter", true));
        Supporter alice = supporters.signedInWithFediverse(HOST, "9a11ce0001", "https://" + HOST + "/users/9a11ce0001",
                "@alice@" + HOST);
        memberships.grantComplimentary(server.id(), alice.id(), tier.id(), null, "", "owner");
        Eventually.until("the role is assigned", () -> posted("/api/admin/roles/assign") == 1);
        Eventually.listenersDone(jdbc);
        // Misskey now shows alice holding the role, as RoleService.ts answers after assign.
        wiremock.stubFor(post("/api/admin/show-user").withHost(equalTo(HOST)).willReturn(okJson("""
                {"id": "9a11ce0001", "username": "alice", "roleAssigns": [{"roleId": "9r0le0000b", "expiresAt": null}]}""")));

        String privacy = "/operator/servers/" + server.id() + "/privacy";
        page = owner.submit(owner.get(privacy), "form.find-supporter", Map.of("who", "@alice@" + HOST));
        page = owner.submit(page, "form.erase", Map.of("confirm", "true"));
        assertThat(page.text()).contains("Their data has been erased.");

        assertThat(posted("/api/admin/roles/unassign")).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM role_grant").query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT username, action, status FROM role_change ORDER BY id").query().listOfRows())
                .extracting(row -> row.get("username") + " " + row.get("action") + " " + row.get("status"))
                .containsExactly("former supporter " + alice.id() + " GRANT APPLIED",
                        "former supporter " + alice.id() + " REMOVE APPLIED");
        var roles = owner.get("/operator/servers/" + server.id() + "/roles");
        assertThat(roles.text()).doesNotContain("@alice");
    }

    private static int posted(String path) {
        return FediverseStubs.wiremock().findAll(postRequestedFor(urlPathEqualTo(path))
                .withHost(equalTo(HOST))).size();
    }
}
