package social.upkeep.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import social.upkeep.expense.ExpenseDetails;
import social.upkeep.expense.RecurringCosts;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.ledger.MonthClosing;
import social.upkeep.notification.internal.MailDelivery;
import social.upkeep.shared.Money;
import social.upkeep.support.Mails;
import social.upkeep.support.MutableClock;
import social.upkeep.support.Servers;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.UpkeepTest;

/** Operators hear, once each, of recurring costs booked and of a month ready to close. */
@UpkeepTest
class OperatorAlertsTest {

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
    RecurringCosts recurring;

    @Autowired
    MonthClosing closing;

    @Autowired
    MonthReadiness monthReady;

    @Autowired
    MailDelivery delivery;

    @Autowired
    MutableClock clock;

    Instance server;

    @BeforeEach
    void setUp() {
        clock.set(UpkeepTest.START);
        SignedInOwner.browser(port, jdbc, passwords);
        server = Servers.create(instances, "example.social", "EUR");
    }

    private List<String> subjects() {
        delivery.deliverPending();
        return Arrays.stream(smtp.getReceivedMessages()).map(message -> {
            try {
                return message.getSubject();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    @Test
    void aRecurringCostBookedIsToldOnce() {
        recurring.add(server.id(), new ExpenseDetails(LocalDate.of(2026, 11, 3), "hosting", "Hetzner", "Server",
                Money.of(4900, "EUR"), Money.of(4900, "EUR")), 3);
        recurring.bookAllDue();
        recurring.bookAllDue();
        assertThat(subjects()).containsExactly("example.social social: recurring cost booked (Hetzner)");
        assertThat(Mails.text(smtp.getReceivedMessages()[0])).contains("€49.00", "3 November 2026",
                "/operator/servers/" + server.id() + "/expenses");
    }

    @Test
    void aMonthReadyToCloseIsToldOnceUntilItIsClosed() {
        closing.closeThrough(server.id(), YearMonth.of(2026, 9));
        assertThat(monthReady.remind()).isEqualTo(1);
        assertThat(monthReady.remind()).isZero();
        assertThat(subjects()).containsExactly("example.social social: October 2026 is ready to close");

        closing.closeThrough(server.id(), YearMonth.of(2026, 10));
        assertThat(monthReady.remind()).as("November is not over yet").isZero();
        clock.advance(Duration.ofDays(5)); // 2 December
        assertThat(monthReady.remind()).isEqualTo(1);
        assertThat(subjects()).hasSize(2).last().isEqualTo("example.social social: November 2026 is ready to close");
    }

    @Test
    void anOwnerWhoReadsGermanGetsGermanDatesAmountsAndALinkToTheMonth() {
        jdbc.sql("UPDATE owner_account SET locale = 'de'").update();
        recurring.add(server.id(), new ExpenseDetails(LocalDate.of(2026, 11, 3), "hosting", "Hetzner", "Server",
                Money.of(4900, "EUR"), Money.of(4900, "EUR")), 3);
        recurring.bookAllDue();
        closing.closeThrough(server.id(), YearMonth.of(2026, 9));
        monthReady.remind();
        assertThat(subjects()).contains("example.social social: Oktober 2026 kann abgeschlossen werden");
        String booked = Mails.text(smtp.getReceivedMessages()[0]);
        assertThat(booked).contains("3. November 2026", "49,00\u00a0€").doesNotContain("2026-11-03", "€49.00");
        assertThat(Mails.text(smtp.getReceivedMessages()[1]))
                .contains("/operator/servers/" + server.id() + "/close?month=2026-10");
    }
}
