package social.upkeep.signin;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import social.upkeep.notification.internal.MailDelivery;
import social.upkeep.support.Browser;
import social.upkeep.support.UpkeepTest;

/** A sign-in link points at Upkeep's configured address, whatever Host header the request carried. */
@UpkeepTest
@TestPropertySource(properties = "upkeep.base-url=https://upkeep.example.social/")
class EmailLinkAddressTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(UpkeepTest.SMTP_PORT, null, "smtp"));

    @LocalServerPort
    int port;

    @Autowired
    MailDelivery delivery;

    @Test
    void aForgedHostHeaderCannotRedirectSomeoneElsesSignInLink() {
        var browser = new Browser(port);
        var page = browser.get("/signin/supporter");
        browser.header("X-Forwarded-Host", "attacker.example");
        // No trusted proxy is named, so the header is not believed even for the redirect; the link never uses it.
        var answer = browser.submit(page, "form.email-signin", Map.of("email", "victim@example.org"));
        assertThat(answer.uri().getHost()).isNotEqualTo("attacker.example");
        delivery.deliverPending();
        String body = GreenMailUtil.getBody(smtp.getReceivedMessages()[0]).replace("=\r\n", "");
        assertThat(body).contains("https://upkeep.example.social/signin/email/").doesNotContain("attacker");
    }
}
