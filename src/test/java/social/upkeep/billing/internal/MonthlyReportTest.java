package social.upkeep.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import java.time.YearMonth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.ledger.MonthClosing;
import social.upkeep.membership.Memberships;
import social.upkeep.notification.Unsubscribes;
import social.upkeep.notification.internal.MailDelivery;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;
import social.upkeep.support.Eventually;
import social.upkeep.support.Mails;
import social.upkeep.support.MutableClock;
import social.upkeep.support.Servers;
import social.upkeep.support.UpkeepTest;

/** The monthly report goes, once per closed month, only to supporters of the server who asked for it. */
@UpkeepTest
class MonthlyReportTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(UpkeepTest.SMTP_PORT, null, "smtp"));

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Instances instances;

    @Autowired
    Supporters supporters;

    @Autowired
    Memberships memberships;

    @Autowired
    MonthClosing closing;

    @Autowired
    Unsubscribes unsubscribes;

    @Autowired
    MonthlyReportSender sender;

    @Autowired
    MailDelivery delivery;

    @Autowired
    MutableClock clock;

    Instance server;

    @BeforeEach
    void setUp() {
        clock.set(UpkeepTest.START);
        server = Servers.create(instances, "example.social", "EUR");
    }

    @AfterEach
    void letListenersFinish() {
        Eventually.listenersDone(jdbc);
    }

    private Supporter member(String email) {
        Supporter supporter = supporters.signedInWithEmail(email);
        memberships.grantComplimentary(server.id(), supporter.id(), null, null, "", "owner");
        return supporter;
    }

    @Test
    void onlySupportersWhoAskedGetTheReportOncePerClosedMonth() throws Exception {
        Supporter ada = member("ada@example.org");
        member("bo@example.org");
        supporters.signedInWithEmail("stranger@example.org");
        unsubscribes.optIn("ada@example.org", "report");
        unsubscribes.optIn("stranger@example.org", "report");
        supporters.rememberLocale(ada.id(), java.util.Locale.GERMAN);
        Eventually.listenersDone(jdbc);
        delivery.deliverPending();
        int before = smtp.getReceivedMessages().length;
        assertThat(before).as("membership mails for ada and bo").isEqualTo(2);

        assertThat(sender.send()).as("no month closed yet").isZero();
        closing.closeThrough(server.id(), YearMonth.of(2026, 10));
        assertThat(sender.send()).isEqualTo(1);
        assertThat(sender.send()).as("a month is reported once").isZero();

        delivery.deliverPending();
        var received = smtp.getReceivedMessages();
        assertThat(received).hasSize(before + 1);
        var reports = java.util.Arrays.stream(received).filter(message -> {
            try {
                return message.getSubject().contains("Oktober 2026") || message.getSubject().contains("October 2026");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
        assertThat(reports).hasSize(1);
        var report = reports.get(0);
        assertThat(report.getAllRecipients()).extracting(Object::toString).containsExactly("ada@example.org");
        assertThat(report.getSubject()).isEqualTo("example.social social im Oktober 2026");
        assertThat(Mails.text(report)).contains("Einnahmen: 0,00", "Gedeckte Kosten: 100 %", "/servers/example.social");
        assertThat(report.getHeader("List-Unsubscribe")).isNotNull();
    }
}
