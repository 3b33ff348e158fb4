package social.upkeep.signin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
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

/**
 * An operator connects their server through the real OAuth redirects: NodeInfo, discovery where the server has
 * it, app registration, authorisation with state and PKCE, the code exchange and the admin check.
 */
@UpkeepTest
@ExtendWith(OutputCaptureExtension.class)
class ConnectServerTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    Instances instances;

    @Autowired
    social.upkeep.instance.FediverseServers servers;

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        FediverseStubs.register(registry);
    }

    @BeforeEach
    void reset() {
        FediverseStubs.reset();
    }

    private Browser owner() {
        return SignedInOwner.browser(port, jdbc, passwords);
    }

    private Browser.Page connect(Browser browser, Instance server) {
        var page = browser.get("/operator/servers/" + server.id() + "/connection");
        return browser.submit(page, "form.connect", Map.of());
    }

    private static LoggedRequest authorizeRequest(String host) {
        List<LoggedRequest> requests = FediverseStubs.wiremock().findAll(
                getRequestedFor(urlPathEqualTo("/oauth/authorize"))
                        .withQueryParam("client_id", equalTo(FediverseStubs.clientId(host))));
        assertThat(requests).isNotEmpty();
        return requests.get(requests.size() - 1);
    }

    @Test
    void connectsAMastodon46ServerWithDiscoveryPkceAndNarrowScopes(CapturedOutput output) throws Exception {
        Instance server = Servers.create(instances, FediverseStubs.MASTODON_46, "EUR");
        Browser browser = owner();

        var page = connect(browser, server);

        assertThat(page.path()).isEqualTo("/operator/servers/" + server.id() + "/connection");
        assertThat(page.text()).contains("The server is connected.", "Connected", "Mastodon 4.6.0",
                "@admin@mastodon46.test", "admin:read:accounts read:accounts");
        // Whoever connected stays the owner.
        assertThat(browser.get("/operator/servers").status()).isEqualTo(200);

        LoggedRequest authorize = authorizeRequest(FediverseStubs.MASTODON_46);
        // Only what is used: Mastodon's admin API is read; roles change through tootctl.
        assertThat(authorize.queryParameter("scope").firstValue()).isEqualTo("read:accounts admin:read:accounts");
        assertThat(authorize.queryParameter("code_challenge_method").firstValue()).isEqualTo("S256");
        assertThat(authorize.queryParameter("state").firstValue()).isNotBlank();
        LoggedRequest token = FediverseStubs.wiremock().findAll(postRequestedFor(urlPathEqualTo("/oauth/token"))).get(0);
        String verifier = formValue(token.getBodyAsString(), "code_verifier");
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        assertThat(authorize.queryParameter("code_challenge").firstValue()).isEqualTo(challenge);
        // The app was registered once with what connecting and sign-in need, and nothing broader.
        LoggedRequest app = FediverseStubs.wiremock().findAll(postRequestedFor(urlPathEqualTo("/api/v1/apps"))).get(0);
        assertThat(formValue(app.getBodyAsString(), "scopes"))
                .isEqualTo("read:accounts admin:read:accounts profile");

        // Secrets are sealed at rest and appear in no page and no log line.
        String sealedToken = jdbc.sql("SELECT admin_token_sealed FROM instance_connection").query(String.class).single();
        String sealedSecret = jdbc.sql("SELECT client_secret_sealed FROM oauth_app").query(String.class).single();
        String adminToken = FediverseStubs.token(FediverseStubs.MASTODON_46, "admin");
        String clientSecret = FediverseStubs.clientSecret(FediverseStubs.MASTODON_46);
        assertThat(sealedToken).doesNotContain(adminToken);
        assertThat(sealedSecret).doesNotContain(clientSecret);
        assertThat(page.body()).doesNotContain(adminToken).doesNotContain(clientSecret);
        assertThat(output.getAll()).doesNotContain(adminToken).doesNotContain(clientSecret);
        // Active users were read from the server's instance API.
        assertThat(instances.get(server.id()).activeUsers()).isEqualTo(318);
    }

    @Test
    void aConnectedMastodonServersOwnThumbnailBecomesItsLogoUntilTheOperatorUploadsOne() {
        // Mastodon's /api/v2/instance names its picture in thumbnail.url (docs.joinmastodon.org/entities/Instance);
        // the stub serves the preview image where the fixture points, and an operator's PNG differs from it.
        byte[] thumbnail = java.util.Base64.getDecoder().decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
        FediverseStubs.wiremock().stubFor(com.github.tomakehurst.wiremock.client.WireMock
                .get("/packs/media/images/preview.png")
                .withHost(com.github.tomakehurst.wiremock.client.WireMock.equalTo(FediverseStubs.MASTODON_46))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                        .withHeader("Content-Type", "image/png").withBody(thumbnail)));
        Instance server = Servers.create(instances, FediverseStubs.MASTODON_46, "EUR");
        Browser browser = owner();
        assertThat(connect(browser, server).text()).contains("The server is connected.");

        var page = new Browser(port).get("/servers/" + FediverseStubs.MASTODON_46).document();
        String src = page.select("h1 img.server-logo").attr("src");
        assertThat(src).startsWith("/servers/" + FediverseStubs.MASTODON_46 + "/logo?v=");
        assertThat(new Browser(port).get(src).response().headers().firstValue("Content-Type")).contains("image/png");
        assertThat(browser.get("/operator/servers/" + server.id() + "/look").text())
                .contains("The server's own picture, read from it once a day");

        byte[] gif = "GIF89a-operator-logo".getBytes();
        browser.upload(browser.get("/operator/servers/" + server.id() + "/look"), "form.logo-upload", Map.of(),
                "logo", "ours.gif", "image/gif", gif);
        servers.refreshActiveUsers();                                     // the daily read keeps the operator's
        String ours = new Browser(port).get("/servers/" + FediverseStubs.MASTODON_46).document()
                .select("h1 img.server-logo").attr("src");
        assertThat(new Browser(port).get(ours).response().headers().firstValue("Content-Type")).contains("image/gif");

        browser.submit(browser.get("/operator/servers/" + server.id() + "/look"), "form.logo-remove", Map.of());
        servers.refreshActiveUsers();                                     // and the server's comes back
        String again = new Browser(port).get("/servers/" + FediverseStubs.MASTODON_46).document()
                .select("h1 img.server-logo").attr("src");
        assertThat(new Browser(port).get(again).response().headers().firstValue("Content-Type")).contains("image/png");
    }

    @Test
    void connectsAMastodon42ServerWithoutDiscoveryOrProfileScope() {
        Instance server = Servers.create(instances, FediverseStubs.MASTODON_42, "EUR");
        var page = connect(owner(), server);
        assertThat(page.text()).contains("The server is connected.", "Mastodon 4.2.10");
        LoggedRequest app = FediverseStubs.wiremock().findAll(postRequestedFor(urlPathEqualTo("/api/v1/apps"))).get(0);
        assertThat(formValue(app.getBodyAsString(), "scopes")).isEqualTo("read:accounts admin:read:accounts");
    }

    @Test
    void connectsAkkomaAndGoToSocialServers() {
        Browser browser = owner();
        Instance akkoma = Servers.create(instances, FediverseStubs.AKKOMA, "EUR");
        assertThat(connect(browser, akkoma).text()).contains("The server is connected.", "Akkoma/Pleroma 3.13.2",
                "@admin@akkoma.test", "Akkoma and Pleroma do not support PKCE");
        Instance gts = Servers.create(instances, FediverseStubs.GOTOSOCIAL, "EUR");
        var gtsPage = connect(browser, gts);
        assertThat(gtsPage.text()).contains("The server is connected.", "GoToSocial 0.19.1",
                "admin:read:accounts read:accounts", "This software publishes no monthly active users");
        // Akkoma's NodeInfo has activeMonth; GoToSocial's omits it outside its privacy mode, and has no instance
        // API usage: the operator's figure stays.
        assertThat(instances.get(akkoma.id()).activeUsers()).isEqualTo(41);
        assertThat(instances.get(gts.id()).activeUsers()).isNull();
    }

    @Test
    void refusesAnAccountThatMayNotManageUsersAndRevokesItsToken() {
        Instance server = Servers.create(instances, FediverseStubs.MASTODON_46, "EUR");
        FediverseStubs.signInAs(FediverseStubs.MASTODON_46, "member");
        var page = connect(owner(), server);
        assertThat(page.text()).contains("That account may not manage users on the server")
                .contains("Not connected yet");
        assertThat(jdbc.sql("SELECT count(*) FROM instance_connection").query(Integer.class).single()).isZero();
        FediverseStubs.wiremock().verify(postRequestedFor(urlPathEqualTo("/oauth/revoke")));
    }

    @Test
    void acceptsARoleWithTheManageUsersPermission() {
        Instance server = Servers.create(instances, FediverseStubs.MASTODON_46, "EUR");
        FediverseStubs.signInAs(FediverseStubs.MASTODON_46, "moderator");
        assertThat(connect(owner(), server).text()).contains("The server is connected.", "@moderator@");
    }

    @Test
    void refusesAMismatchedStateAndAReplayedCode() {
        Instance server = Servers.create(instances, FediverseStubs.MASTODON_46, "EUR");
        Browser browser = owner();
        connect(browser, server);
        String state = authorizeRequest(FediverseStubs.MASTODON_46).queryParameter("state").firstValue();
        String callback = "http://localhost:" + port + "/signin/fediverse/callback?code=code-admin&state=";

        var replayed = browser.open(URI.create(callback + URLEncoder.encode(state)));
        assertThat(replayed.text()).contains("This sign-in expired or was already used");

        var page = browser.get("/operator/servers/" + server.id() + "/connection");
        browser.submit(page, "form.connect", Map.of()); // a fresh flow, answered with someone else's state
        var forged = browser.open(URI.create(callback + "forged-state"));
        assertThat(forged.text()).contains("This sign-in expired or was already used");
        // Both stayed refusals: one token exchange per real authorisation only.
        FediverseStubs.wiremock().verify(2, postRequestedFor(urlPathEqualTo("/oauth/token")));
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401})
    void explainsATokenEndpointThatRefuses(int status) {
        Instance server = Servers.create(instances, FediverseStubs.MASTODON_46, "EUR");
        FediverseStubs.wiremock().stubFor(post("/oauth/token").atPriority(1).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(status == 400 ? """
                        {"error":"invalid_grant","error_description":"The provided authorization grant is invalid."}"""
                        : """
                        {"error":"invalid_client","error_description":"Client authentication failed."}""")));
        var page = connect(owner(), server);
        assertThat(page.text()).contains(status == 400 ? "The server did not accept the authorisation"
                : "The server would not hand out a token").contains("Not connected yet");
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void explainsVerifyCredentialsRefusingTheToken(int status) {
        Instance server = Servers.create(instances, FediverseStubs.MASTODON_46, "EUR");
        FediverseStubs.wiremock().stubFor(get("/api/v1/accounts/verify_credentials").atPriority(1)
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBody(status == 401 ? "{\"error\":\"The access token is invalid\"}"
                                : "{\"error\":\"Your login is currently disabled\"}")));
        var page = connect(owner(), server);
        assertThat(page.text()).contains("The server refused the token it had just issued");
    }

    @Test
    void explainsServersThatAreDownSlowBrokenOrUnknown() {
        Browser browser = owner();
        var wiremock = FediverseStubs.wiremock();
        wiremock.stubFor(get("/.well-known/nodeinfo").withHost(equalTo("slow.test"))
                .willReturn(okJson("{}").withFixedDelay(3_000)));
        wiremock.stubFor(get("/.well-known/nodeinfo").withHost(equalTo("html.test"))
                .willReturn(aResponse().withHeader("Content-Type", "text/html").withBody("<html>Welcome</html>")));
        wiremock.stubFor(get("/.well-known/nodeinfo").withHost(equalTo("huge.test"))
                .willReturn(okJson("{\"links\":[" + "{\"rel\":\"x\",\"href\":\"y\"},".repeat(60_000) + "{}]}")));
        wiremock.stubFor(get("/.well-known/nodeinfo").withHost(equalTo("broken.test"))
                .willReturn(okJson("{\"links\": [{\"rel\": ")));
        wiremock.stubFor(get("/.well-known/nodeinfo").withHost(equalTo("down.test"))
                .willReturn(aResponse().withStatus(503).withBody("Service Unavailable")));
        FediverseStubs.nodeInfo("unknown.test", "mastodon46");
        wiremock.stubFor(get("/nodeinfo/2.0").withHost(equalTo("unknown.test")).atPriority(1).willReturn(okJson("""
                {"version":"2.0","software":{"name":"friendica","version":"2024.12"},"usage":{"users":{}}}""")));
        // A fork nobody checked, and a GoToSocial from before granular scopes and /oauth/revoke (0.19).
        FediverseStubs.nodeInfo("fork.test", "mastodon46");
        wiremock.stubFor(get("/nodeinfo/2.0").withHost(equalTo("fork.test")).atPriority(1).willReturn(okJson("""
                {"version":"2.0","software":{"name":"firefish","version":"1.0.5"},"usage":{"users":{}}}""")));
        FediverseStubs.nodeInfo("oldgts.test", "gotosocial");
        wiremock.stubFor(get("/nodeinfo/2.0").withHost(equalTo("oldgts.test")).atPriority(1).willReturn(okJson("""
                {"version":"2.0","software":{"name":"gotosocial","version":"0.18.3 git-1f2e3d4"},"usage":{"users":{}}}""")));
        Map<String, String> expected = Map.of(
                "fork.test", "a fork of Misskey that Upkeep has not been checked against",
                "oldgts.test", "a version older than Upkeep needs",
                "slow.test", "did not answer in time",
                "html.test", "not JSON",
                "huge.test", "answer was too large",
                "broken.test", "not JSON",
                "down.test", "server had an error",
                "unknown.test", "does not know this server's software",
                FediverseStubs.PRIVATE, "not a public server");
        expected.forEach((host, message) -> {
            Instance server = Servers.create(instances, host, "EUR");
            assertThat(connect(browser, server).text()).as(host).contains(message).contains("Not connected yet");
        });
        wiremock.verify(0, anyRequestedFor(anyUrl()).withHost(equalTo(FediverseStubs.PRIVATE)));
    }

    @Test
    void disconnectRevokesTheTokenAndWipesIt() {
        Instance server = Servers.create(instances, FediverseStubs.MASTODON_46, "EUR");
        Browser browser = owner();
        var connected = connect(browser, server);

        var unconfirmed = browser.submit(connected, "form.disconnect", Map.of());
        assertThat(unconfirmed.text()).contains("Tick the box");
        var page = browser.submit(browser.get("/operator/servers/" + server.id() + "/connection"), "form.disconnect",
                Map.of("confirm", "yes"));

        assertThat(page.text()).contains("The token was revoked on the server and deleted here", "Disconnected");
        FediverseStubs.wiremock().verify(postRequestedFor(urlPathEqualTo("/oauth/revoke"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(
                        "token=" + FediverseStubs.token(FediverseStubs.MASTODON_46, "admin"))));
        assertThat(jdbc.sql("SELECT admin_token_sealed FROM instance_connection").query(String.class).optional())
                .isEmpty();
    }

    @Test
    void connectsAMisskeyServerThroughMiAuthAskingForTheRolePermissions() {
        Instance server = Servers.create(instances, FediverseStubs.MISSKEY, "EUR");
        Browser browser = owner();
        var page = connect(browser, server);
        assertThat(page.text()).contains("The server is connected.", "Misskey 2025.6.0", "@admin@misskey.test",
                "read:account,read:admin:roles,write:admin:roles,read:admin:show-user");
        LoggedRequest miauth = FediverseStubs.wiremock().findAll(getRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/miauth/.*"))).get(0);
        assertThat(miauth.queryParameter("permission").firstValue())
                .isEqualTo("read:account,read:admin:roles,write:admin:roles,read:admin:show-user");
        assertThat(browser.get("/operator/servers").status()).isEqualTo(200);
        // Misskey's NodeInfo has activeMonth null (NodeinfoServerService.ts): the operator's figure stays.
        assertThat(instances.get(server.id()).activeUsers()).isNull();
        assertThat(page.text()).contains("This software publishes no monthly active users",
                "Misskey lets no other app revoke it");

        // No other app can revoke a MiAuth token (i/revoke-token is Misskey's own client's): the page says where.
        var gone = browser.submit(browser.get("/operator/servers/" + server.id() + "/connection"), "form.disconnect",
                Map.of("confirm", "yes"));
        assertThat(gone.text()).contains("remove \"Upkeep\" from the apps you allowed in your Misskey account's settings");
        FediverseStubs.wiremock().verify(0, postRequestedFor(urlPathEqualTo("/oauth/revoke")));
    }

    @Test
    void refusesAMisskeyAccountThatIsNotAnAdministratorAndAForeignMiAuthSession() {
        Instance server = Servers.create(instances, FediverseStubs.MISSKEY, "EUR");
        FediverseStubs.misskeySignInAs(FediverseStubs.MISSKEY, "member");
        Browser browser = owner();
        assertThat(connect(browser, server).text()).contains("That account may not manage users on the server");
        var forged = browser.open(URI.create("http://localhost:" + port
                + "/signin/miauth/callback?session=0b6f3c9e-6a1e-4b8e-9a57-6f6e2a4c1d10"));
        assertThat(forged.text()).contains("This sign-in expired or was already used");
        assertThat(jdbc.sql("SELECT count(*) FROM instance_connection").query(Integer.class).single()).isZero();
    }

    @Test
    void nobodyButItsOperatorsCanStartAConnection() {
        Instance server = Servers.create(instances, FediverseStubs.MASTODON_46, "EUR");
        owner();
        var stranger = new Browser(port);
        var page = stranger.get("/oauth2/authorization/connect-" + server.id() + "-1");
        assertThat(page.path()).isEqualTo("/signin");
        FediverseStubs.wiremock().verify(0, anyRequestedFor(anyUrl()));
    }

    private static String formValue(String body, String name) {
        for (String pair : body.split("&")) {
            String[] parts = pair.split("=", 2);
            if (parts[0].equals(name)) {
                return URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("No " + name + " in " + body);
    }

    private static final class URLEncoder {
        static String encode(String value) {
            return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
