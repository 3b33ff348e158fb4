package social.upkeep.operator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import social.upkeep.support.Browser;
import social.upkeep.support.UpkeepTest;

/** Headers, cookies and error pages every visitor gets. */
@UpkeepTest
class SecurityBaselineTest {

    @LocalServerPort
    int port;

    @Autowired
    Owners owners;

    void assertSecurityHeaders(Browser.Page page) {
        String csp = page.header("Content-Security-Policy");
        assertThat(csp).contains("default-src 'self'", "frame-ancestors 'none'", "script-src 'self'")
                .doesNotContain("unsafe-inline");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Referrer-Policy")).isEqualTo("same-origin");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
    }

    @Test
    void onlyFormsThatSendPeopleToTheirServerMayLeadToAnotherOrigin() {
        owners.create("owner@example.social", "lantern orbit velvet marsh", Locale.ENGLISH);
        var browser = new Browser(port);
        assertThat(browser.get("/signin").header("Content-Security-Policy")).contains("form-action 'self' https:");
        assertThat(browser.get("/signin/supporter").header("Content-Security-Policy"))
                .contains("form-action 'self' https:");
        assertThat(browser.get("/").header("Content-Security-Policy")).contains("form-action 'self';");
        assertThat(browser.get("/signin/email/abc").header("Content-Security-Policy"))
                .contains("form-action 'self';");
    }

    @Test
    void pagesErrorsAndHealthCarryTheSecurityHeaders() {
        owners.create("owner@example.social", "lantern orbit velvet marsh", Locale.ENGLISH);
        var browser = new Browser(port);
        for (String path : List.of("/", "/signin", "/actuator/health", "/css/upkeep.css")) {
            var page = browser.get(path);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertSecurityHeaders(page);
        }
        var forbidden = browser.post("/signin", Map.of("email", "x@example.social", "password", "y"));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.text()).contains("Not allowed");
        assertSecurityHeaders(forbidden);

        var signedIn = browser.submit(browser.get("/signin"), "form[action='/signin']",
                Map.of("email", "owner@example.social", "password", "lantern orbit velvet marsh"));
        assertThat(signedIn.path()).isEqualTo("/operator");
        var missing = browser.get("/operator/no-such-page");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.text()).contains("Not found").doesNotContain("Exception", "at social.upkeep");
        assertSecurityHeaders(missing);
    }

    @Test
    void publicFrontPageSetsNoCookie() {
        var browser = new Browser(port);
        var page = browser.get("/");
        assertThat(page.response().headers().allValues("Set-Cookie")).isEmpty();
        assertThat(browser.cookies().getCookieStore().getCookies()).isEmpty();
    }

    @Test
    void sessionCookieIsHttpOnlyLaxAndForwardedHeadersOfAnUnnamedProxyAreIgnored() throws Exception {
        owners.create("owner@example.social", "lantern orbit velvet marsh", Locale.ENGLISH);
        String cookie = sessionCookie(Map.of());
        assertThat(cookie).contains("HttpOnly", "SameSite=Lax").doesNotContain("Secure");
        // No UPKEEP_TRUSTED_PROXIES: a loopback peer is not believed (TrustedProxySignInTest covers one that is).
        String claimed = sessionCookie(Map.of("X-Forwarded-Proto", "https"));
        assertThat(claimed).contains("HttpOnly", "SameSite=Lax").doesNotContain("Secure");
    }

    /** The cookie set when an anonymous visitor is sent from an operator page to sign in. */
    private String sessionCookie(Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/operator"));
        headers.forEach(request::header);
        var response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(302);
        return response.headers().allValues("Set-Cookie").stream()
                .filter(value -> value.startsWith("UPKEEP_SESSION="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No session cookie"));
    }

    @Test
    void operatorPagesNeedTheOwnerSignedIn() {
        owners.create("owner@example.social", "lantern orbit velvet marsh", Locale.ENGLISH);
        var browser = new Browser(port);
        assertThat(browser.get("/operator").path()).isEqualTo("/signin");
        assertThat(browser.get("/operator/outbox").path()).isEqualTo("/signin");
    }
}
