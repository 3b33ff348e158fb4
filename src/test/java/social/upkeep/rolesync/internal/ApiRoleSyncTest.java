package social.upkeep.rolesync.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.time.Instant;
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
import social.upkeep.instance.FediverseAccount;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.instance.internal.FediverseCalls;
import social.upkeep.membership.ChargeTrouble;
import social.upkeep.membership.Membership;
import social.upkeep.membership.Memberships;
import social.upkeep.membership.SubscriptionFacts;
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
import tools.jackson.databind.json.JsonMapper;

/** Role sync through the admin APIs of Misskey (roles with an end) and Akkoma (tags), against WireMock. */
@UpkeepTest
class ApiRoleSyncTest {

    @Autowired
    PasswordEncoder passwords;

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
    FediverseCalls calls;

    @Autowired
    RoleSyncStore store;

    @Autowired
    RoleSyncRuns runs;

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

    private Instance connected(String host) {
        Instance server = Servers.create(instances, host, "EUR");
        calls.connectMisskey(server.id(), new FediverseAccount(host, "9admin", "admin", "https://" + host + "/users/9admin",
                true), FediverseStubs.token(host, "admin"), "admin", clock.instant());
        store.saveSettings(server.id(), true, SyncSettings.Writer.API, null, null, 0.2, clock.instant());
        return server;
    }

    /** Misskey connected as an operator does it: through MiAuth, with the permissions Upkeep asks for. */
    private Instance connectedThroughMiAuth(String host) {
        Instance server = Servers.create(instances, host, "EUR");
        var owner = SignedInOwner.browser(port, jdbc, passwords);
        var page = owner.submit(owner.get("/operator/servers/" + server.id() + "/connection"), "form.connect",
                Map.of());
        assertThat(page.text()).contains("The server is connected.").doesNotContain("Connect the server again");
        store.saveSettings(server.id(), true, SyncSettings.Writer.API, null, null, 0.2, clock.instant());
        return server;
    }

    private Tier tier(Instance server) {
        return tiers.create(server.id(), server.currency(), new TierDetails("Supporter", "", List.of(),
                Money.of(500, "EUR"), null, null, "Supporter", true));
    }

    private Supporter member(String host, String name) {
        return supporters.signedInWithFediverse(host, "@" + name + "@" + host,
                "https://" + host + "/users/" + name, "@" + name + "@" + host);
    }

    private Membership pays(Instance server, Tier tier, Supporter who, Instant paidThrough) {
        memberships.recordSubscription(server.id(), new SubscriptionFacts("sub_" + who.id(), "cus_" + who.id(),
                who.id(), tier.id(), "MONTH", Money.of(500, "EUR"), "active", false, null, paidThrough,
                ChargeTrouble.NONE), "test");
        return memberships.recordPaidPeriod(server.id(), "sub_" + who.id(), paidThrough, "test").orElseThrow();
    }


    private static List<LoggedRequest> posted(String path) {
        return FediverseStubs.wiremock().findAll(postRequestedFor(urlPathEqualTo(path)));
    }

    private static void misskeyHolds(String roleId, String userId, Instant expiresAt) {
        FediverseStubs.wiremock().stubFor(post("/api/admin/show-user").withHost(equalTo(FediverseStubs.MISSKEY))
                .withRequestBody(matchingJsonPath("$.userId", equalTo(userId)))
                .willReturn(okJson("""
                        {"id": "%s", "username": "alice", "host": null, "isModerator": false, "isSilenced": false,
                         "roleAssigns": [{"createdAt": "2026-11-27T12:00:00.000Z", "expiresAt": %s, "roleId": "%s"}]}"""
                        .formatted(userId, expiresAt == null ? "null" : "\"" + expiresAt + "\"", roleId))));
    }

    @Test
    void misskeyAssignsTheRoleUntilPaidThroughPlusGraceAndMovesTheEndWhenTheMemberRenews() {
        String host = FediverseStubs.MISSKEY;
        var wiremock = FediverseStubs.wiremock();
        wiremock.stubFor(post("/api/admin/roles/list").withHost(equalTo(host)).willReturn(okJson("""
                [{"id": "9r0le0000a", "name": "Moderators", "isModerator": true},
                 {"id": "9r0le0000b", "name": "Supporter", "isModerator": false, "color": "#e5a00d"}]""")));
        wiremock.stubFor(post("/api/admin/roles/users").withHost(equalTo(host)).willReturn(okJson("[]")));
        wiremock.stubFor(post("/api/users/show").withHost(equalTo(host))
                .withRequestBody(equalToJson("{\"username\": \"alice\", \"host\": null}"))
                .willReturn(okJson("{\"id\": \"9a11ce0001\", \"username\": \"alice\", \"host\": null}")));
        wiremock.stubFor(post("/api/admin/show-user").withHost(equalTo(host))
                .willReturn(okJson("{\"id\": \"9a11ce0001\", \"username\": \"alice\", \"roleAssigns\": []}")));
        wiremock.stubFor(post("/api/admin/roles/assign").withHost(equalTo(host)).willReturn(aResponse().withStatus(204)));
        wiremock.stubFor(post("/api/admin/roles/unassign").withHost(equalTo(host)).willReturn(aResponse().withStatus(204)));
        Instance server = connectedThroughMiAuth(host);
        Tier tier = tier(server);
        Supporter alice = member(host, "alice");
        Instant paidThrough = Instant.parse("2026-12-27T12:00:00Z");

        pays(server, tier, alice, paidThrough);

        Eventually.until("the role is assigned", () -> posted("/api/admin/roles/assign").size() == 1);
        Eventually.listenersDone(jdbc); // the run's transaction (the learned role id) commits when it ends
        var assign = JsonMapper.builder().build().readTree(posted("/api/admin/roles/assign").get(0).getBodyAsString());
        assertThat(assign.path("roleId").asString()).isEqualTo("9r0le0000b");
        assertThat(assign.path("userId").asString()).isEqualTo("9a11ce0001");
        Instant end = paidThrough.plus(Duration.ofDays(14));
        assertThat(assign.path("expiresAt").asLong()).isEqualTo(end.toEpochMilli()).isEqualTo(1799582400000L);
        assertThat(posted("/api/admin/roles/unassign")).isEmpty();
        assertThat(store.roles(server.id()).get(0).remoteId()).isEqualTo("9r0le0000b");

        // A renewal does not touch the role at once: moving an end means unassigning and assigning again, which
        // notifies the member and writes moderation-log entries (RoleService.ts). The old end still has 15 days.
        misskeyHolds("9r0le0000b", "9a11ce0001", end);
        clock.advance(Duration.ofDays(29));
        Instant renewedThrough = paidThrough.plus(Duration.ofDays(31));
        memberships.recordPaidPeriod(server.id(), "sub_" + alice.id(), renewedThrough, "test");
        Eventually.listenersDone(jdbc);
        runs.full(server.id(), "hourly");
        assertThat(posted("/api/admin/roles/assign")).hasSize(1);
        assertThat(posted("/api/admin/roles/unassign")).isEmpty();

        // Within three days of the old end, it moves once: unassigned and assigned again, with the new end.
        clock.set(end.minus(Duration.ofDays(2)));
        runs.full(server.id(), "hourly");
        assertThat(posted("/api/admin/roles/assign")).hasSize(2);
        assertThat(posted("/api/admin/roles/unassign")).hasSize(1);
        var again = JsonMapper.builder().build().readTree(posted("/api/admin/roles/assign").get(1).getBodyAsString());
        assertThat(again.path("expiresAt").asLong()).isEqualTo(renewedThrough.plus(Duration.ofDays(14)).toEpochMilli());

        // Nothing changed: a run writes nothing.
        misskeyHolds("9r0le0000b", "9a11ce0001", renewedThrough.plus(Duration.ofDays(14)));
        wiremock.stubFor(post("/api/admin/roles/users").withHost(equalTo(host)).willReturn(okJson("""
                [{"id": "9as5190001", "createdAt": "2026-12-26T12:00:00.000Z", "expiresAt": "%s",
                  "user": {"id": "9a11ce0001", "username": "alice", "host": null}}]"""
                .formatted(renewedThrough.plus(Duration.ofDays(14))))));
        RoleSyncRuns.Outcome outcome = runs.full(server.id(), "test");
        assertThat(outcome.applied()).isZero();
        assertThat(posted("/api/admin/roles/assign")).hasSize(2);
        assertThat(posted("/api/admin/roles/unassign")).hasSize(1);
        assertThat(jdbc.sql("SELECT count(*) FROM role_change WHERE status = 'APPLIED'").query(Integer.class).single())
                .isEqualTo(2);
    }

    @Test
    void akkomaTagsAMemberInTheServersFormAndAQuietRunWritesNothing() {
        String host = FediverseStubs.AKKOMA;
        var akkoma = FediverseStubs.akkomaAdmin();
        akkoma.user("alice", "mrf_tag:media-force-nsfw");
        akkoma.user("bob");
        Instance server = connected(host);
        Tier tier = tier(server);
        Supporter alice = member(host, "alice");

        pays(server, tier, alice, clock.instant().plus(Duration.ofDays(30)));

        Eventually.until("alice is tagged", () -> akkoma.tags("alice").contains("supporter"));
        Eventually.listenersDone(jdbc);
        assertThat(akkoma.tags("alice")).containsExactlyInAnyOrder("supporter", "mrf_tag:media-force-nsfw");
        var tagging = putRequestedFor(urlPathEqualTo("/api/v1/pleroma/admin/users/tag"));
        FediverseStubs.wiremock().verify(1, tagging);

        // The server shows the tag lower-cased: Upkeep sees alice holding it, and writes nothing more.
        for (int run = 0; run < 2; run++) {
            assertThat(runs.full(server.id(), "hourly").applied()).isZero();
        }
        FediverseStubs.wiremock().verify(1, tagging);
        assertThat(store.roles(server.id()).get(0).holders()).isEqualTo(1);

        // The membership ends: the tag Upkeep set goes, the server's own tag stays.
        memberships.recordSubscription(server.id(), new SubscriptionFacts("sub_" + alice.id(), "cus_" + alice.id(),
                alice.id(), tier.id(), "MONTH", Money.of(500, "EUR"), "canceled", false, "cancellation_requested",
                clock.instant(), ChargeTrouble.NONE), "test");
        Eventually.until("the tag is removed", () -> !akkoma.tags("alice").contains("supporter"));
        assertThat(akkoma.tags("alice")).containsExactly("mrf_tag:media-force-nsfw");
        assertThat(akkoma.tags("bob")).isEmpty();
    }

    @Test
    void anAkkomaAdminSigningInDoesNotRevokeTheConnectionsToken() {
        String host = FediverseStubs.AKKOMA;
        FediverseStubs.akkomaAdmin().user("alice");
        Instance server = connected(host);
        tier(server);

        // The admin signs in as operator: Akkoma hands back the token the connection holds.
        SignedInOwner.browser(port, jdbc, passwords);
        var operator = new Browser(port);
        var page = operator.submit(operator.get("/signin"), "form.operator-signin", Map.of("host", host));
        assertThat(page.path()).isEqualTo("/operator/servers/" + server.id());

        FediverseStubs.wiremock().verify(0, postRequestedFor(urlPathEqualTo("/oauth/revoke"))
                .withRequestBody(containing("token=" + FediverseStubs.token(host, "admin"))));
        assertThat(runs.full(server.id(), "after the sign-in").stoppedBecause()).isNull();
    }

    @Test
    void aMisskeyConnectionWithTooFewPermissionsIsToldToConnectAgain() {
        String host = FediverseStubs.MISSKEY;
        Instance server = Servers.create(instances, host, "EUR");
        // Connected before Upkeep asked for read:admin:show-user.
        calls.connectMisskey(server.id(), new FediverseAccount(host, "9admin", "admin", "https://" + host
                + "/users/9admin", true), FediverseStubs.token(host, "admin"),
                "read:account,read:admin:roles,write:admin:roles", clock.instant());
        var owner = SignedInOwner.browser(port, jdbc, passwords);
        assertThat(owner.get("/operator/servers/" + server.id() + "/connection").text())
                .contains("This connection was given fewer permissions than Upkeep now needs");
    }

    @Test
    void aMisskeyErrorOtherThanNoSuchUserIsAFailureNotAMissingAccount() {
        String host = FediverseStubs.MISSKEY;
        var wiremock = FediverseStubs.wiremock();
        wiremock.stubFor(post("/api/admin/roles/list").withHost(equalTo(host)).willReturn(okJson("""
                [{"id": "9r0le0000b", "name": "Supporter", "isModerator": false}]""")));
        wiremock.stubFor(post("/api/admin/roles/users").withHost(equalTo(host)).willReturn(okJson("[]")));
        // Misskey answers 400 for every ApiError (ApiCallService.ts): here a rate limit of users/show.
        wiremock.stubFor(post("/api/users/show").withHost(equalTo(host)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"error": {"message": "Rate limit exceeded. Please try again later.", "code": "RATE_LIMIT_EXCEEDED",
                         "id": "d5826d14-3982-4d2e-8011-b9e9f02499ef"}}""")));
        Instance server = connectedThroughMiAuth(host);
        Tier tier = tier(server);
        pays(server, tier, member(host, "alice"), clock.instant().plus(Duration.ofDays(30)));
        Eventually.listenersDone(jdbc);

        RoleSyncRuns.Outcome outcome = runs.full(server.id(), "test");

        assertThat(outcome.stoppedBecause()).contains("RATE_LIMIT_EXCEEDED");
        assertThat(store.settings(server.id()).lastError()).contains("RATE_LIMIT_EXCEEDED");
    }
}
