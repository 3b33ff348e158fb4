package social.upkeep.signin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.support.Browser;
import social.upkeep.support.FediverseStubs;
import social.upkeep.support.Servers;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.UpkeepTest;

/** Operators sign in through the server they run; supporters through whatever server they are on. */
@UpkeepTest
class SignInTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    Instances instances;

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        FediverseStubs.register(registry);
    }

    @BeforeEach
    void reset() {
        FediverseStubs.reset();
    }

    private Instance connected(String host) {
        Instance server = Servers.create(instances, host, "EUR");
        Browser owner = SignedInOwner.browser(port, jdbc, passwords);
        var page = owner.submit(owner.get("/operator/servers/" + server.id() + "/connection"), "form.connect",
                Map.of());
        assertThat(page.text()).contains("The server is connected.");
        FediverseStubs.wiremock().resetRequests();
        return server;
    }

    private Browser.Page operatorSignIn(Browser browser, String host) {
        return browser.submit(browser.get("/signin"), "form.operator-signin", Map.of("host", host));
    }

    private Browser.Page supporterSignIn(Browser browser, String handle) {
        return browser.submit(browser.get("/signin/supporter"), "form.fediverse-signin", Map.of("handle", handle));
    }

    private static String requestedScope(String host) {
        List<LoggedRequest> requests = FediverseStubs.wiremock().findAll(getRequestedFor(urlPathEqualTo(
                "/oauth/authorize")).withQueryParam("client_id", equalTo(FediverseStubs.clientId(host))));
        return requests.get(requests.size() - 1).queryParameter("scope").firstValue();
    }

    @Test
    void anAdminOfAConnectedServerOperatesThatServerAndNoOther() {
        Instance mine = connected(FediverseStubs.MASTODON_46);
        Instance other = Servers.create(instances, "other.example", "EUR");
        var browser = new Browser(port);

        var page = operatorSignIn(browser, "https://Mastodon46.test/");

        assertThat(page.path()).isEqualTo("/operator/servers/" + mine.id());
        assertThat(requestedScope(FediverseStubs.MASTODON_46)).isEqualTo("profile");
        assertThat(browser.get("/operator").path()).isEqualTo("/operator/servers/" + mine.id());
        assertThat(browser.get("/operator/servers/" + mine.id() + "/expenses").status()).isEqualTo(200);
        assertThat(browser.get("/operator/servers/" + other.id()).status()).isEqualTo(403);
        assertThat(browser.get("/operator/servers/" + other.id() + "/expenses").status()).isEqualTo(403);
        assertThat(browser.get("/operator/servers").status()).isEqualTo(403);
        assertThat(browser.get("/operator/outbox").status()).isEqualTo(403);
        // The sign-in token is revoked once Upkeep knows who this is.
        FediverseStubs.wiremock().verify(postRequestedFor(urlPathEqualTo("/oauth/revoke")).withRequestBody(
                containing("token=" + FediverseStubs.token(FediverseStubs.MASTODON_46, "admin"))));
    }

    @Test
    void someoneDemotedOnTheServerCannotSignInAsOperator() {
        connected(FediverseStubs.MASTODON_46);
        FediverseStubs.signInAs(FediverseStubs.MASTODON_46, "member");
        var browser = new Browser(port);
        var page = operatorSignIn(browser, FediverseStubs.MASTODON_46);
        assertThat(page.path()).isEqualTo("/signin");
        assertThat(page.text()).contains("That account may not manage users on the server");
        assertThat(browser.get("/operator").path()).isEqualTo("/signin");
    }

    @Test
    void operatorsOfAServerThatIsNotConnectedAreToldSo() {
        Servers.create(instances, FediverseStubs.MASTODON_42, "EUR");
        SignedInOwner.browser(port, jdbc, passwords);
        var page = operatorSignIn(new Browser(port), FediverseStubs.MASTODON_42);
        assertThat(page.text()).contains("That server is not connected to Upkeep.");
        FediverseStubs.wiremock().verify(0, postRequestedFor(urlPathEqualTo("/api/v1/apps")));
    }

    @ParameterizedTest
    @CsvSource({
            "mastodon46.test, profile",
            "mastodon42.test, read:accounts",
            "akkoma.test, read:accounts",
            "gotosocial.test, read:accounts"})
    void aSupporterSignsInFromEachSoftwareAskingOnlyWhoTheyAre(String host, String scope) {
        FediverseStubs.signInAs(host, "member");
        var browser = new Browser(port);

        var page = supporterSignIn(browser, "@member@" + host);

        assertThat(page.path()).isEqualTo("/me");
        assertThat(page.text()).contains("Signed in as @member@" + host);
        assertThat(requestedScope(host)).isEqualTo(scope);
        assertThat(jdbc.sql("SELECT actor_uri FROM supporter").query(String.class).single())
                .isEqualTo(FediverseStubs.origin(host) + "/users/member");
        // The app is registered once per host, with the sign-in scope only.
        FediverseStubs.wiremock().verify(1, postRequestedFor(urlPathEqualTo("/api/v1/apps"))
                .withRequestBody(containing("scopes=" + scope.replace(":", "%3A"))));
        supporterSignIn(new Browser(port), host);
        FediverseStubs.wiremock().verify(1, postRequestedFor(urlPathEqualTo("/api/v1/apps")));
        assertThat(jdbc.sql("SELECT count(*) FROM supporter").query(Integer.class).single()).isOne();
    }

    @Test
    void aSupporterSignsInFromMisskeyThroughMiAuthWithTheNarrowestPermission() {
        FediverseStubs.misskeySignInAs(FediverseStubs.MISSKEY, "member");
        var page = supporterSignIn(new Browser(port), "@member@misskey.test");
        assertThat(page.path()).isEqualTo("/me");
        assertThat(page.text()).contains("Signed in as @member@misskey.test");
        LoggedRequest miauth = FediverseStubs.wiremock().findAll(getRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/miauth/.*"))).get(0);
        assertThat(miauth.queryParameter("permission").firstValue()).isEqualTo("read:account");
    }

    @Test
    void aMisskeyAdministratorOperatesTheirConnectedServer() {
        Instance server = connected(FediverseStubs.MISSKEY);
        var browser = new Browser(port);
        assertThat(operatorSignIn(browser, FediverseStubs.MISSKEY).path()).isEqualTo("/operator/servers/" + server.id());

        FediverseStubs.misskeySignInAs(FediverseStubs.MISSKEY, "member");
        var demoted = new Browser(port);
        assertThat(operatorSignIn(demoted, FediverseStubs.MISSKEY).text())
                .contains("That account may not manage users on the server");
        assertThat(demoted.get("/operator").path()).isEqualTo("/signin");
    }

    @Test
    void aHandleOnADomainOtherThanItsServerIsFoundThroughWebFinger() {
        FediverseStubs.webFinger("accounts.example", FediverseStubs.MASTODON_46);
        FediverseStubs.signInAs(FediverseStubs.MASTODON_46, "member");
        var page = supporterSignIn(new Browser(port), "member@accounts.example");
        assertThat(page.path()).isEqualTo("/me");
        assertThat(page.text()).contains("@member@mastodon46.test");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // Mastodon 4.2 deleted apps nobody used: the client id is refused with 401.
            "mastodon42.test|401|{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed.\"}",
            // GoToSocial and Akkoma answer an unknown client with 400 (DESIGN.md section 7); the bodies are
            // OAuth's invalid_client and Akkoma's invalid-credentials error (their exact text not checked).
            "gotosocial.test|400|{\"error\":\"invalid_client\",\"error_description\":\"client authentication failed\"}",
            "akkoma.test|400|{\"error\":\"Invalid credentials\"}"})
    void anAppTheServerForgotIsRegisteredAgain(String host, int status, String answer) {
        FediverseStubs.signInAs(host, "member");
        supporterSignIn(new Browser(port), host);
        jdbc.sql("UPDATE oauth_app SET checked_at = checked_at - interval '2 days'").update();
        FediverseStubs.wiremock().stubFor(post("/oauth/token").atPriority(1)
                .withRequestBody(containing("grant_type=client_credentials"))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBody(answer)));

        var page = supporterSignIn(new Browser(port), host);

        assertThat(page.path()).isEqualTo("/me");
        FediverseStubs.wiremock().verify(2, postRequestedFor(urlPathEqualTo("/api/v1/apps")));
    }

    @Test
    void aSupporterWhoSaysNoAtTheServerIsToldNothingChanged() {
        FediverseStubs.wiremock().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                urlPathEqualTo("/oauth/authorize")).atPriority(1).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "{{request.query.redirect_uri}}?error=access_denied&error_description="
                        + "The+resource+owner+or+authorization+server+denied+the+request.&state="
                        + "{{urlEncode request.query.state}}")));
        var page = supporterSignIn(new Browser(port), FediverseStubs.MASTODON_46);
        assertThat(page.path()).isEqualTo("/signin/supporter");
        assertThat(page.text()).contains("The server was not given permission");
    }

    private record Row(String handle, String homeHost, String actorUri) {
    }

    private Row supporterRow(long id) {
        return jdbc.sql("SELECT handle, home_host, actor_uri FROM supporter WHERE id = ?").param(id)
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3))).single();
    }

    @Test
    void aServerNamingAnotherServersActorCannotSignInAsThatSupporter() {
        FediverseStubs.signInAs(FediverseStubs.MASTODON_46, "member");
        supporterSignIn(new Browser(port), FediverseStubs.MASTODON_46);
        long alice = jdbc.sql("SELECT id FROM supporter").query(Long.class).single();
        Row before = supporterRow(alice);
        // A self-run server answers verify_credentials for its own user with alice's actor URI.
        FediverseStubs.signInAs(FediverseStubs.MASTODON_42, "member");
        FediverseStubs.namesActor(FediverseStubs.MASTODON_42, "member", before.actorUri());
        var attacker = new Browser(port);

        var page = supporterSignIn(attacker, FediverseStubs.MASTODON_42);

        assertThat(page.path()).isEqualTo("/signin/supporter");
        assertThat(page.text()).contains("That server named an account that is not its own");
        assertThat(attacker.get("/me").path()).isEqualTo("/signin/supporter");
        assertThat(supporterRow(alice)).isEqualTo(before);
        assertThat(jdbc.sql("SELECT count(*) FROM supporter").query(Integer.class).single()).isOne();
    }

    @Test
    void aServerWhoseWebFingerVouchesForAnotherActorStillSignsInOnlyItsOwnAccount() {
        FediverseStubs.signInAs(FediverseStubs.MASTODON_46, "member");
        supporterSignIn(new Browser(port), FediverseStubs.MASTODON_46);
        long alice = jdbc.sql("SELECT id FROM supporter").query(Long.class).single();
        Row before = supporterRow(alice);
        // The rogue server controls its WebFinger too (as a split-domain server would answer): the actor passes
        // as a label, but the identity is the host the token was verified on and that server's account id.
        FediverseStubs.signInAs(FediverseStubs.MASTODON_42, "member");
        FediverseStubs.namesActor(FediverseStubs.MASTODON_42, "member", before.actorUri());
        FediverseStubs.webFinger(FediverseStubs.MASTODON_42, FediverseStubs.MASTODON_46);
        var attacker = new Browser(port);

        var page = supporterSignIn(attacker, FediverseStubs.MASTODON_42);

        assertThat(page.path()).isEqualTo("/me");
        assertThat(page.text()).contains("Signed in as @member@mastodon42.test");
        assertThat(supporterRow(alice)).isEqualTo(before);
        assertThat(jdbc.sql("SELECT count(*) FROM supporter").query(Integer.class).single()).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource({"javascript:alert(1)", "https://mastodon46.test/users/member", "//mastodon42.test/users/member"})
    void anActorUriThatIsNotTheServersOwnRefusesTheSignIn(String actor) {
        FediverseStubs.signInAs(FediverseStubs.MASTODON_42, "member");
        FediverseStubs.namesActor(FediverseStubs.MASTODON_42, "member", actor);
        var page = supporterSignIn(new Browser(port), FediverseStubs.MASTODON_42);
        assertThat(page.path()).isEqualTo("/signin/supporter");
        assertThat(page.text()).contains("That server named an account that is not its own");
        assertThat(jdbc.sql("SELECT count(*) FROM supporter").query(Integer.class).single()).isZero();
    }

    @Test
    void aSupporterRecordedBeforeAccountIdsWereKeptSignsInToTheSameRow() {
        String actor = FediverseStubs.origin(FediverseStubs.MASTODON_46) + "/users/member";
        long legacy = jdbc.sql("""
                        INSERT INTO supporter (actor_uri, handle, home_host, created_at, last_signed_in_at)
                        VALUES (?, '@member@mastodon46.test', 'mastodon46.test', now(), now()) RETURNING id""")
                .param(actor).query(Long.class).single();
        FediverseStubs.signInAs(FediverseStubs.MASTODON_46, "member");

        supporterSignIn(new Browser(port), FediverseStubs.MASTODON_46);
        supporterSignIn(new Browser(port), FediverseStubs.MASTODON_46);

        assertThat(jdbc.sql("SELECT id FROM supporter").query(Long.class).list()).containsExactly(legacy);
        assertThat(jdbc.sql("SELECT account_id FROM supporter").query(String.class).single()).isNotBlank();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not a handle|Type a fediverse address",
            "@<script>@mastodon46.test|Type a fediverse address",
            "127.0.0.1|Type a fediverse address",
            "intranet.test|intranet.test: Upkeep does not connect to that address: it is not a public server",
            "@someone@intranet.test|intranet.test: Upkeep does not connect to that address: it is not a public server"})
    void refusesWhatIsNotAPublicFediverseAccountNamingWhereAndKeepingWhatWasTyped(String handle, String message) {
        var page = supporterSignIn(new Browser(port), handle);
        assertThat(page.path()).isEqualTo("/signin/supporter");
        assertThat(page.text()).contains(message);
        assertThat(page.document().select("#handle").val()).as("what was typed stays").isEqualTo(handle);
        assertThat(page.body()).doesNotContain("<script>@");
    }
}
