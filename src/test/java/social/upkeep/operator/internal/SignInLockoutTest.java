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
import social.upkeep.notification.internal.MailDelivery;
import social.upkeep.support.Browser;
import social.upkeep.support.Mails;
import social.upkeep.support.MutableClock;
import social.upkeep.support.UpkeepTest;

/** Guessing the owner's password gets slower, then locked, and the owner hears about it. */
@UpkeepTest
class SignInLockoutTest {

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

    Browser.Page signIn(Browser browser, String password) {
        return browser.submit(browser.get("/signin"), "form[action='/signin']",
                Map.of("email", EMAIL, "password", password));
    }

    @Test
    void wrongPasswordIsRefusedWithoutSayingWhichPartWasWrong() {
        var browser = new Browser(port);
        var page = signIn(browser, "not the password at all");
        assertThat(page.path()).isEqualTo("/signin");
        assertThat(page.text()).contains("Wrong email address or password.");
        var unknown = browser.submit(browser.get("/signin"), "form[action='/signin']",
                Map.of("email", "nobody@example.social", "password", PASSWORD));
        assertThat(unknown.text()).contains("Wrong email address or password.");
        assertThat(browser.get("/operator").path()).isEqualTo("/signin");
    }

    @Test
    void repeatedFailuresSlowDownEvenTheRightPassword() {
        var browser = new Browser(port);
        for (int i = 0; i < 3; i++) {
            assertThat(signIn(browser, "wrong guess " + i).text()).contains("Wrong email address or password.");
        }
        var refused = signIn(browser, PASSWORD);
        assertThat(refused.text()).contains("Wait a few seconds");
        assertThat(browser.get("/operator").path()).isEqualTo("/signin");

        clock.advance(Duration.ofSeconds(2));
        assertThat(signIn(browser, PASSWORD).path()).isEqualTo("/operator");
    }

    @Test
    void tenFailuresLockTheAccountForThatAddressAndMailTheOwner() throws Exception {
        var browser = new Browser(port);
        for (int i = 0; i < 10; i++) {
            signIn(browser, "wrong guess " + i);
            clock.advance(Duration.ofMinutes(2));
        }
        assertThat(signIn(browser, PASSWORD).text()).contains("locked for a while");
        clock.advance(Duration.ofMinutes(10));
        assertThat(signIn(browser, PASSWORD).text()).contains("locked for a while");

        delivery.deliverPending();
        var mails = smtp.getReceivedMessages();
        assertThat(mails).hasSize(1);
        assertThat(mails[0].getAllRecipients()[0].toString()).isEqualTo(EMAIL);
        assertThat(mails[0].getSubject()).contains("sign-in locked");
        assertThat(Mails.text(mails[0])).contains("127.0.0.1", "15 minutes");
        assertThat(Mails.html(mails[0])).contains("127.0.0.1", "15 minutes");
        assertThat(mails[0].getHeader("List-Unsubscribe")).as("a security mail is always sent").isNull();

        clock.advance(Duration.ofMinutes(6));
        assertThat(signIn(browser, PASSWORD).path()).isEqualTo("/operator");
    }

    @Test
    void forwardedAddressesAreIgnoredUnlessTheProxyIsTrusted() {
        // No UPKEEP_TRUSTED_PROXIES: a peer on loopback cannot choose the address the throttle counts.
        for (int i = 0; i < 10; i++) {
            signIn(new Browser(port).header("X-Forwarded-For", "203.0.113." + i), "wrong guess " + i);
            clock.advance(Duration.ofMinutes(2));
        }
        var elsewhere = new Browser(port).header("X-Forwarded-For", "198.51.100.7");
        assertThat(signIn(elsewhere, PASSWORD).text()).contains("locked for a while");
        assertThat(elsewhere.get("/operator").path()).isEqualTo("/signin");
    }
}
