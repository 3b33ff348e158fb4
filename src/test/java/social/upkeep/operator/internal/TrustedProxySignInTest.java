package social.upkeep.operator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import social.upkeep.notification.internal.MailDelivery;
import social.upkeep.support.Browser;
import social.upkeep.support.MutableClock;
import social.upkeep.support.UpkeepTest;

/**
 * Behind a proxy the deployment names (here the test client on loopback), the throttle counts the forwarded
 * address; an attacker who rotates addresses is still slowed by the account's own ceiling, and the owner hears
 * about locks at most once an hour.
 */
@UpkeepTest
@TestPropertySource(properties = "upkeep.trusted-proxies=127.0.0.1, ::1")
class TrustedProxySignInTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(UpkeepTest.SMTP_PORT, null, "smtp"));

    static final String EMAIL = "owner@example.social";
    static final String PASSWORD = "lantern orbit velvet marsh";

    @LocalServerPort
    int port;

    @Autowired
    Owners owners;

    @Autowired
    MutableClock clock;

    @Autowired
    MailDelivery delivery;

    @BeforeEach
    void owner() {
        owners.create(EMAIL, PASSWORD, Locale.ENGLISH);
    }

    private Browser.Page signIn(String address, String password) {
        var browser = new Browser(port).header("X-Forwarded-For", address);
        return browser.submit(browser.get("/signin"), "form[action='/signin']",
                Map.of("email", EMAIL, "password", password));
    }

    @Test
    void theSessionCookieIsSecureWhenTheTrustedProxySpeaksHttps() throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/operator"))
                .header("X-Forwarded-Proto", "https").build();
        var response = java.net.http.HttpClient.newHttpClient().send(request,
                java.net.http.HttpResponse.BodyHandlers.discarding());
        assertThat(response.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("UPKEEP_SESSION=").contains("HttpOnly", "SameSite=Lax", "Secure"));
    }

    @Test
    void aLockedAddressDoesNotLockTheOwnerOutFromElsewhere() {
        for (int i = 0; i < 10; i++) {
            signIn("203.0.113.9", "wrong guess " + i);
            clock.advance(Duration.ofMinutes(2));
        }
        assertThat(signIn("203.0.113.9", PASSWORD).text()).contains("locked for a while");
        assertThat(signIn("198.51.100.7", PASSWORD).path()).isEqualTo("/operator");
    }

    @Test
    void rotatingAddressesIsSlowedByTheAccountsCeilingWithoutLockingTheOwnerOut() {
        for (int i = 0; i < 26; i++) {
            assertThat(signIn("203.0.113." + i, "wrong guess " + i).text())
                    .contains("Wrong email address or password.");
            clock.advance(Duration.ofSeconds(61));
        }
        // 26 failures from 26 addresses: every further try, from anywhere, waits after the last failure.
        assertThat(signIn("203.0.113.200", "wrong guess").text()).contains("Wrong email address or password.");
        assertThat(signIn("203.0.113.201", "another guess").text()).contains("Wait a few seconds");
        assertThat(signIn("198.51.100.7", PASSWORD).text()).contains("Wait a few seconds");

        clock.advance(Duration.ofSeconds(60));
        assertThat(signIn("198.51.100.7", PASSWORD).path()).isEqualTo("/operator");
    }

    @Test
    void locksFromManyAddressesMailTheOwnerOnceAnHour() {
        for (String address : new String[] {"203.0.113.1", "203.0.113.2"}) {
            for (int i = 0; i < 10; i++) {
                assertThat(signIn(address, "wrong guess " + i).text()).doesNotContain("Wait a few seconds");
                clock.advance(Duration.ofMinutes(2));
            }
            assertThat(signIn(address, PASSWORD).text()).contains("locked for a while");
        }
        delivery.deliverPending();
        assertThat(smtp.getReceivedMessages()).hasSize(1);

        clock.advance(Duration.ofMinutes(61));
        for (int i = 0; i < 10; i++) {
            signIn("203.0.113.3", "wrong guess " + i);
            clock.advance(Duration.ofMinutes(2));
        }
        delivery.deliverPending();
        assertThat(smtp.getReceivedMessages()).hasSize(2);
    }
}
