package social.upkeep.grant.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.upkeep.grant.Grant;
import social.upkeep.grant.GrantDetails;
import social.upkeep.grant.GrantStatus;
import social.upkeep.grant.Grants;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.notification.internal.MailDelivery;
import social.upkeep.shared.Money;
import social.upkeep.support.Browser;
import social.upkeep.support.Mails;
import social.upkeep.support.MutableClock;
import social.upkeep.support.Servers;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.UpkeepTest;

/** Operators are reminded of grant reports 14 and 3 days before and when overdue: once each, where they chose. */
@UpkeepTest
class GrantDeadlineRemindersTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(UpkeepTest.SMTP_PORT, null, "smtp"));

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    Instances instances;

    @Autowired
    Grants grants;

    @Autowired
    GrantDeadlineReminders reminders;

    @Autowired
    MailDelivery delivery;

    @Autowired
    MutableClock clock;

    Browser owner;
    Instance server;
    Grant grant;

    @DynamicPropertySource
    static void links(DynamicPropertyRegistry registry) {
        registry.add("upkeep.base-url", () -> "");
    }

    @BeforeEach
    void setUp() {
        clock.set(UpkeepTest.START);
        owner = SignedInOwner.browser(port, jdbc, passwords);
        server = Servers.create(instances, "example.social", "EUR");
        grant = grants.create(server.id(), new GrantDetails("NLnet", "Hosting", Money.of(500000, "EUR"),
                GrantStatus.AWARDED, LocalDate.of(2026, 1, 1), LocalDate.of(2027, 12, 31), true, true));
        grants.addDeadline(server.id(), grant.id(), LocalDate.of(2026, 12, 17), "Interim report");
    }

    private List<String> subjects() {
        reminders.remind();
        delivery.deliverPending();
        return Arrays.stream(smtp.getReceivedMessages()).map(message -> {
            try {
                return message.getAllRecipients()[0] + " " + message.getSubject();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    @Test
    void remindersComeFourteenAndThreeDaysBeforeAndWhenOverdueOnceEach() throws Exception {
        assertThat(subjects()).as("20 days before: nothing yet").isEmpty();

        clock.advance(Duration.ofDays(6)); // 2026-12-03 in Berlin: 14 days before
        assertThat(subjects()).containsExactly(
                "owner@example.social example.social social: grant report for NLnet due in 14 days");
        assertThat(subjects()).as("the next run sends nothing twice").hasSize(1);
        MimeMessage first = smtp.getReceivedMessages()[0];
        assertThat(Mails.text(first)).contains("The report \"Interim report\" for the grant from NLnet is due on "
                + "17 December 2026, in 14 days.", "http://localhost:" + port + "/operator/servers/" + server.id() + "/grants/"
                + grant.id());
        assertThat(first.getHeader("List-Unsubscribe")).isNotNull();

        clock.advance(Duration.ofDays(11));
        assertThat(subjects()).hasSize(2).last().asString().endsWith("due in 3 days");
        clock.advance(Duration.ofDays(4));
        assertThat(subjects()).hasSize(3).last().asString()
                .isEqualTo("owner@example.social example.social social: grant report for NLnet is overdue");

        grants.markDeadlineDone(server.id(), grant.id(), grants.get(server.id(), grant.id()).deadlines().get(0).id());
        clock.advance(Duration.ofDays(30));
        assertThat(subjects()).hasSize(3);
    }

    @Test
    void operatorsChooseTheAddressAndTheKindsOfAlert() {
        var page = owner.get("/operator/servers/" + server.id() + "/alerts");
        assertThat(owner.submit(page, "form.alerts", Map.of("address", "ops@example.org\r\nBcc: x@example.org",
                "kinds", "GRANTS")).text()).contains("That is not a mail address.");
        assertThat(owner.submit(page, "form.alerts", Map.of("address", "Ops@Example.org", "kinds", "GRANTS")).text())
                .contains("Alert settings saved.");

        clock.advance(Duration.ofDays(6));
        assertThat(subjects()).containsExactly(
                "ops@example.org example.social social: grant report for NLnet due in 14 days");

        owner.submit(owner.get("/operator/servers/" + server.id() + "/alerts"), "form.alerts",
                Map.of("address", "ops@example.org", "kinds", "COSTS"));
        clock.advance(Duration.ofDays(11));
        assertThat(subjects()).as("grant reminders switched off").hasSize(1);
    }
}
