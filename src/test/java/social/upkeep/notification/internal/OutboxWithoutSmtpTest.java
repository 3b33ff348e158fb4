package social.upkeep.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.TestPropertySource;
import social.upkeep.notification.MailOutbox;
import social.upkeep.notification.OutgoingMail;
import social.upkeep.support.Browser;
import social.upkeep.support.UpkeepTest;

/** The embedded default: no SMTP server, so mail is kept for the owner to read, never dropped. */
@UpkeepTest
@TestPropertySource(properties = "upkeep.smtp.host=")
class OutboxWithoutSmtpTest {

    @LocalServerPort
    int port;

    @Autowired
    MailOutbox outbox;

    @Autowired
    MailDelivery delivery;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @Test
    void ownerReadsKeptMailOnTheOutboxPage() {
        jdbc.sql("INSERT INTO owner_account (email, password_hash, locale, created_at) VALUES (?, ?, 'en', now())")
                .params("owner@example.social", passwords.encode("lantern orbit velvet marsh")).update();
        outbox.queue(new OutgoingMail("test:kept", "supporter@example.social", "Your receipt <b>bold</b>",
                "Thank you for 5 €"));
        assertThat(delivery.deliverPending()).isZero();

        var browser = new Browser(port);
        var page = browser.submit(browser.get("/signin"), "form[action='/signin']",
                Map.of("email", "owner@example.social", "password", "lantern orbit velvet marsh"));
        var outboxPage = browser.get("/operator/outbox");
        assertThat(outboxPage.text()).contains("No SMTP server is configured", "supporter@example.social",
                "Your receipt <b>bold</b>", "Thank you for 5 €", "Not sent (no SMTP server)");
        assertThat(outboxPage.body()).doesNotContain("<b>bold</b>");
        assertThat(page.path()).isEqualTo("/operator");
    }
}
