package social.upkeep.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Fediverse servers for tests: one WireMock on loopback answering for several host names, each host behaving
 * like one software (bodies in {@code src/test/resources/fediverse}, shaped after the published examples in
 * {@code ../shared/fixtures/mastodon}). The app reaches them over plain http through its test host map; the
 * test's {@link Browser} goes to them when a redirect points there.
 */
public final class FediverseStubs {

    public static final String MASTODON_46 = "mastodon46.test";
    public static final String MASTODON_42 = "mastodon42.test";
    public static final String AKKOMA = "akkoma.test";
    public static final String GOTOSOCIAL = "gotosocial.test";
    public static final String MISSKEY = "misskey.test";
    public static final String PRIVATE = "intranet.test";

    private static final MastodonAdmin MASTODON_ADMIN = new MastodonAdmin();
    private static final AkkomaAdmin AKKOMA_ADMIN = new AkkomaAdmin();
    private static final MisskeyPermissions MISSKEY_PERMISSIONS = new MisskeyPermissions(MISSKEY,
            FediverseStubs::wiremock);
    private static final WireMockServer SERVER = start();

    private FediverseStubs() {
    }

    private static WireMockServer start() {
        // Enough threads for the tests that keep dozens of slow answers open at once.
        var server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(120)
                .globalTemplating(true)
                .extensions(MASTODON_ADMIN, AKKOMA_ADMIN, MISSKEY_PERMISSIONS));
        server.start();
        return server;
    }

    public static WireMockServer wiremock() {
        return SERVER;
    }

    /** The accounts of {@link #MASTODON_46} as its admin API shows them. */
    public static MastodonAdmin mastodonAdmin() {
        return MASTODON_ADMIN;
    }

    /** The users of {@link #AKKOMA} and their tags as its admin API shows them. */
    public static AkkomaAdmin akkomaAdmin() {
        return AKKOMA_ADMIN;
    }

    public static int port() {
        return SERVER.port();
    }

    public static String origin(String host) {
        return "http://" + host + ":" + port();
    }

    /** The settings that let the app reach the stubs: test-only, refused by the prod profile. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("upkeep.base-url", () -> ""); // links use the random port the test runs on
        registry.add("upkeep.outbound.allow-loopback", () -> "true");
        registry.add("upkeep.outbound.plain-http-port", FediverseStubs::port);
        registry.add("upkeep.outbound.read-timeout", () -> "1s");
        registry.add("upkeep.outbound.total-timeout", () -> "4s");
        for (String host : new String[] {MASTODON_46, MASTODON_42, AKKOMA, GOTOSOCIAL, MISSKEY, "slow.test",
                "html.test", "huge.test", "drip.test", "broken.test", "fork.test", "oldgts.test", "unknown.test", "down.test", "accounts.example"}) {
            registry.add("upkeep.outbound.hosts[" + host + "]", () -> "127.0.0.1");
        }
        registry.add("upkeep.outbound.hosts[" + PRIVATE + "]", () -> "10.0.0.1");
    }

    /** Resets WireMock and sets up every software's server with an admin and a member account. */
    public static void reset() {
        SERVER.resetAll();
        MASTODON_ADMIN.clear();
        AKKOMA_ADMIN.clear();
        MISSKEY_PERMISSIONS.clear();
        SERVER.stubFor(any(urlPathMatching("/api/v1/pleroma/admin/users(/.*)?")).withHost(equalTo(AKKOMA))
                .willReturn(aResponse().withTransformers(AkkomaAdmin.NAME)));
        SERVER.stubFor(get(urlPathEqualTo("/api/v2/admin/accounts")).withHost(equalTo(MASTODON_46))
                .willReturn(aResponse().withTransformers(MastodonAdmin.NAME)));
        SERVER.stubFor(get(urlPathEqualTo("/api/v1/accounts/lookup")).withHost(equalTo(MASTODON_46))
                .willReturn(aResponse().withTransformers(MastodonAdmin.NAME)));
        SERVER.stubFor(get(urlPathMatching("/api/v1/admin/accounts/[0-9]+")).withHost(equalTo(MASTODON_46))
                .willReturn(aResponse().withTransformers(MastodonAdmin.NAME)));
        mastodon(MASTODON_46, "mastodon46", true);
        mastodon(MASTODON_42, "mastodon42", false);
        compatible(AKKOMA, "akkoma", "akkoma-account.json");
        // Akkoma and Pleroma have no OAuth discovery: their catch-all route serves the web app's HTML with 200
        // (lib/pleroma/web/router.ex: `scope "/", Fallback` ends with `get("/*path", RedirectController, :redirector)`,
        // which sends the frontend's index.html as text/html).
        SERVER.stubFor(get("/.well-known/oauth-authorization-server").withHost(equalTo(AKKOMA)).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html; charset=utf-8")
                        .withBody("<!DOCTYPE html><html><head><title>Akkoma</title></head><body><noscript>"
                                + "To use Akkoma, please enable JavaScript.</noscript></body></html>")));
        akkomaTokenReuse();
        compatible(GOTOSOCIAL, "gotosocial", "gotosocial-account.json");
        misskey(MISSKEY);
    }

    private static void misskey(String host) {
        nodeInfo(host, "misskey");
        webFinger(host, host);
        misskeyAccount(host, "admin", true);
        misskeyAccount(host, "member", false);
        misskeySignInAs(host, "admin");
    }

    private static void misskeyAccount(String host, String username, boolean admin) {
        SERVER.stubFor(post("/api/i").withHost(equalTo(host))
                .withHeader("Authorization", equalTo("Bearer " + token(host, username)))
                .willReturn(okJson(body("misskey-i.json", host, Map.of("@ID@", "9" + username.length() + "xyzabc",
                        "@USERNAME@", username, "@ADMIN@", String.valueOf(admin), "@MODERATOR@", "false")))));
    }

    /** Who grants the next MiAuth session at a Misskey {@code host}. */
    public static void misskeySignInAs(String host, String username) {
        // The browser reaches the stubs at 127.0.0.1; MiAuth pages are told apart by the app name only.
        SERVER.stubFor(get(urlPathMatching("/miauth/[0-9a-f-]{36}")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "{{request.query.callback}}?session={{request.path.[1]}}")));
        SERVER.stubFor(post(urlPathMatching("/api/miauth/[0-9a-f-]{36}/check")).withHost(equalTo(host))
                .willReturn(okJson("""
                        {"ok": true, "token": "%s", "user": {"id": "9x", "username": "%s"}}"""
                        .formatted(token(host, username), username))));
    }

    private static void mastodon(String host, String folder, boolean discovery) {
        nodeInfo(host, folder);
        if (discovery) {
            SERVER.stubFor(get("/.well-known/oauth-authorization-server").withHost(equalTo(host))
                    .willReturn(okJson(body("discovery.json", host, Map.of()))));
        } else {
            SERVER.stubFor(get("/.well-known/oauth-authorization-server").withHost(equalTo(host))
                    .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "text/html")
                            .withBody("<html><body>The page you are looking for isn't here.</body></html>")));
        }
        oauth(host);
        webFinger(host, host);
        account(host, "mastodon-account.json", "admin", Map.of("@ROLE_ID@", "3", "@ROLE_NAME@", "Admin",
                "@PERMISSIONS@", "1"));
        account(host, "mastodon-account.json", "member", Map.of("@ROLE_ID@", "-99", "@ROLE_NAME@", "",
                "@PERMISSIONS@", "65536"));
        account(host, "mastodon-account.json", "moderator", Map.of("@ROLE_ID@", "2", "@ROLE_NAME@", "Moderator",
                "@PERMISSIONS@", String.valueOf(1L << 10 | 1L << 4)));
        SERVER.stubFor(get("/api/v2/instance").withHost(equalTo(host))
                .willReturn(okJson(body("instance-v2.json", host, Map.of()))));
    }

    private static void compatible(String host, String folder, String accountFile) {
        nodeInfo(host, folder);
        SERVER.stubFor(get("/.well-known/oauth-authorization-server").withHost(equalTo(host))
                .willReturn(aResponse().withStatus(404)));
        oauth(host);
        webFinger(host, host);
        account(host, accountFile, "admin", Map.of("@ADMIN@", "true", "@ROLE_NAME@", "admin"));
        account(host, accountFile, "member", Map.of("@ADMIN@", "false", "@ROLE_NAME@", "user"));
    }

    /**
     * Akkoma hands a person who authorises the same app again their existing token (o_auth_controller.ex,
     * maybe_reuse_token; DESIGN.md section 7): the stub's admin token is the same at every authorisation, and once
     * revoked it is refused everywhere, as a revoked token is.
     */
    private static void akkomaTokenReuse() {
        String token = token(AKKOMA, "admin");
        SERVER.stubFor(post("/oauth/revoke").withHost(equalTo(AKKOMA)).atPriority(1)
                .withRequestBody(containing("token=" + token)).inScenario("akkoma admin token")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("revoked").willReturn(okJson("{}")));
        SERVER.stubFor(any(anyUrl()).withHost(equalTo(AKKOMA)).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + token)).inScenario("akkoma admin token")
                .whenScenarioStateIs("revoked").willReturn(aResponse().withStatus(403)
                        .withHeader("Content-Type", "application/json").withBody("{\"error\":\"Invalid credentials.\"}")));
    }

    public static void nodeInfo(String host, String folder) {
        SERVER.stubFor(get("/.well-known/nodeinfo").withHost(equalTo(host)).willReturn(okJson("""
                {"links":[{"rel":"http://nodeinfo.diaspora.software/ns/schema/2.0","href":"%s/nodeinfo/2.0"}]}"""
                .formatted(origin(host)))));
        SERVER.stubFor(get("/nodeinfo/2.0").withHost(equalTo(host))
                .willReturn(okJson(body(folder + "/nodeinfo.json", host, Map.of()))));
    }

    private static void oauth(String host) {
        SERVER.stubFor(post("/api/v1/apps").withHost(equalTo(host)).willReturn(okJson(body("app.json", host,
                Map.of("@CLIENT_ID@", clientId(host), "@CLIENT_SECRET@", clientSecret(host))))));
        // The person at the server says yes: back to Upkeep with a code naming who they signed in as.
        signInAs(host, "admin");
        SERVER.stubFor(post("/oauth/revoke").withHost(equalTo(host)).willReturn(okJson("{}")));
    }

    /** Who the next person to authorise at {@code host} is: "admin", "member" or "moderator". */
    public static void signInAs(String host, String account) {
        // The browser reaches the stubs at 127.0.0.1, so the app's client id tells the servers apart here.
        SERVER.stubFor(get(urlPathEqualTo("/oauth/authorize")).withQueryParam("client_id", equalTo(clientId(host)))
                .willReturn(aResponse()
                .withStatus(302)
                .withHeader("Location", "{{request.query.redirect_uri}}?code=code-" + account
                        + ".{{urlEncode request.query.scope}}"
                        + "&state={{urlEncode request.query.state}}")));
    }

    /** WebFinger for {@code name@domain}, naming the actor on {@code server} (they differ for split domains). */
    public static void webFinger(String domain, String server) {
        String name = "{{regexExtract request.query.resource '[^:@]+(?=@)'}}";
        SERVER.stubFor(get(urlPathEqualTo("/.well-known/webfinger")).withHost(equalTo(domain))
                .willReturn(aResponse().withHeader("Content-Type", "application/jrd+json").withBody("""
                        {"subject": "{{request.query.resource}}",
                         "aliases": ["%1$s/@%2$s", "%1$s/users/%2$s"],
                         "links": [
                           {"rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": "%1$s/@%2$s"},
                           {"rel": "self", "type": "application/activity+json", "href": "%1$s/users/%2$s"}]}"""
                        .formatted(origin(server), name))));
    }

    /**
     * Which token an authorisation gets. Mastodon hands the same person the same token again only for the same
     * scopes (config/initializers/doorkeeper.rb enables {@code reuse_access_token}; Doorkeeper matches owner, app
     * and scopes): a sign-in ({@code profile}, {@code read:accounts}) gets {@link #token} plus {@code -signin},
     * the connection (admin scopes) {@link #token} itself. Akkoma hands back the existing token whatever the scopes
     * ({@link #akkomaTokenReuse}).
     */
    private static void account(String host, String file, String username, Map<String, String> values) {
        String token = token(host, username);
        String signInToken = host.equals(AKKOMA) ? token : token + "-signin";
        // The server grants the scopes that were asked for: the code carries them, as Doorkeeper's grant does.
        String scope = "{{formData request.body 'form' urlDecode=true}}{{regexExtract form.code '[^.]+$'}}";
        SERVER.stubFor(post("/oauth/token").withHost(equalTo(host)).atPriority(6)
                .withRequestBody(containing("code=code-" + username))
                .withRequestBody(containing("client_secret=" + clientSecret(host)))
                .willReturn(okJson(body("token.json", host, Map.of("@TOKEN@", signInToken, "@SCOPE@", scope)))));
        SERVER.stubFor(post("/oauth/token").withHost(equalTo(host)).atPriority(5)
                .withRequestBody(containing("code=code-" + username)).withRequestBody(containing("admin%3A"))
                .withRequestBody(containing("client_secret=" + clientSecret(host)))
                .willReturn(okJson(body("token.json", host, Map.of("@TOKEN@", token, "@SCOPE@", scope)))));
        Map<String, String> all = new LinkedHashMap<>(values);
        all.put("@ID@", String.valueOf(Math.abs((host + username).hashCode())));
        all.put("@USERNAME@", username);
        SERVER.stubFor(get("/api/v1/accounts/verify_credentials").withHost(equalTo(host))
                .withHeader("Authorization", matching("Bearer " + java.util.regex.Pattern.quote(token) + "(-signin)?"))
                .willReturn(okJson(body(file, host, all))));
    }

    /**
     * A server that answers {@code verify_credentials} for its {@code username} with the actor URI it likes: what a
     * self-run server can do, since the body is whatever it sends.
     */
    public static void namesActor(String host, String username, String actorUri) {
        Map<String, String> values = Map.of("@ID@", String.valueOf(Math.abs((host + username).hashCode())),
                "@USERNAME@", username, "@ROLE_ID@", "-99", "@ROLE_NAME@", "", "@PERMISSIONS@", "65536");
        String body = body("mastodon-account.json", host, values)
                .replace("\"uri\": \"" + origin(host) + "/users/" + username + "\"", "\"uri\": \"" + actorUri + "\"");
        SERVER.stubFor(get("/api/v1/accounts/verify_credentials").atPriority(1).withHost(equalTo(host))
                .withHeader("Authorization", matching("Bearer " + java.util.regex.Pattern.quote(token(host, username))
                        + "(-signin)?")).willReturn(okJson(body)));
    }

    public static String clientId(String host) {
        return "client-" + host.replace('.', '-');
    }

    public static String clientSecret(String host) {
        return "secret-" + host.replace('.', '-') + "-7Hq2xZ";
    }

    public static String token(String host, String account) {
        return "token-" + account + "-" + host.replace('.', '-') + "-Kp9w";
    }

    public static String body(String resource, String host, Map<String, String> values) {
        return StubBodies.load("/fediverse/" + resource, values).replace("@ORIGIN@", origin(host))
                .replace("@HOST@", host);
    }
}
