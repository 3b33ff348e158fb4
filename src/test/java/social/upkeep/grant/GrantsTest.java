package social.upkeep.grant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import social.upkeep.expense.ExpenseDetails;
import social.upkeep.expense.Expenses;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.ledger.Ledger;
import social.upkeep.shared.Money;
import social.upkeep.support.Browser;
import social.upkeep.support.Servers;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.UpkeepTest;

/** A grant from application to money received, spent and shown apart from general funds. */
@UpkeepTest
class GrantsTest {

    static final String XSS = "<img src=x onerror=alert(1)>";

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
    Expenses expenses;

    @Autowired
    Ledger ledger;

    Browser browser;
    Instance server;

    @BeforeEach
    void signIn() {
        browser = SignedInOwner.browser(port, jdbc, passwords);
        server = Servers.create(instances, "example.social", "EUR");
    }

    Map<String, String> grantForm(String amount) {
        var fields = new HashMap<String, String>();
        fields.put("funder", "NLnet " + XSS);
        fields.put("purpose", "Moderation tooling");
        fields.put("amount", amount);
        fields.put("currency", "EUR");
        fields.put("status", "ACTIVE");
        fields.put("startsOn", "2026-01-01");
        fields.put("endsOn", "2026-12-31");
        fields.put("restricted", "true");
        fields.put("visible", "true");
        return fields;
    }

    String base() {
        return "/operator/servers/" + server.id() + "/grants";
    }

    @Test
    void operatorRecordsAGrantItsTranchesDeadlinesAndSpending() {
        var detail = browser.submit(browser.get(base() + "/new"), "main form", grantForm("5,000.00"));
        assertThat(detail.text()).contains("The grant was added.", "Grant from NLnet " + XSS, "€5,000.00");
        assertThat(detail.body()).doesNotContain(XSS);
        long grantId = grants.all(server.id()).get(0).id();

        detail = browser.submit(detail, "form[action$='/tranches']", Map.of("expectedOn", "2026-11-01", "amount", "2500"));
        var receive = "form[action$='/received']";
        detail = browser.submit(detail, receive, Map.of("receivedOn", "2026-11-20"));
        assertThat(detail.text()).contains("Received on 20 November 2026, booked as €2,500.00");
        assertThat(ledger.totals(server.id(), YearMonth.of(2026, 11)).grants()).isEqualTo(Money.of(250000, "EUR"));

        detail = browser.submit(detail, "form[action$='/deadlines']", Map.of("dueOn", "2026-12-15", "what", "Interim report"));
        detail = browser.submit(detail, "form[action$='/done']", Map.of());
        assertThat(detail.text()).contains("Interim report", "Done on 27 November 2026");

        long expenseId = expenses.add(server.id(), new ExpenseDetails(LocalDate.of(2026, 11, 21), "software",
                "Moderation tool", "", Money.of(40000, "EUR"), Money.of(40000, "EUR")), null, false, null).id();
        detail = browser.submit(browser.get(base() + "/" + grantId), "form[action$='/allocations']",
                Map.of("expenseId", String.valueOf(expenseId)));
        assertThat(grants.get(server.id(), grantId).remaining()).isEqualTo(Money.of(210000, "EUR"));
        assertThat(grants.restrictedRemaining(server.id())).isEqualTo(Money.of(210000, "EUR"));

        var page = new Browser(port).get("/servers/example.social");
        assertThat(page.text()).contains("Of the balance, €2,100.00 is restricted grant money", "general funds are €0.00",
                "NLnet " + XSS + ": Moderation tooling (€5,000.00), €2,500.00 received, €2,100.00 left");
        assertThat(page.body()).doesNotContain(XSS);
        assertThat(new Browser(port).get("/servers/example.social/funding.json").body())
                .contains("\"restricted\":{", "\"funder\":\"NLnet <img");
    }

    @Test
    void aTrancheIsBookedOnceHoweverOftenItIsMarkedReceived() {
        var grant = grants.create(server.id(), new GrantDetails("Funder", "Hosting", Money.of(100000, "EUR"),
                GrantStatus.ACTIVE, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), false, false));
        grants.addTranche(server.id(), grant.id(), LocalDate.of(2026, 11, 1), Money.of(100000, "EUR"));
        long tranche = grants.get(server.id(), grant.id()).tranches().get(0).id();
        assertThat(grants.receiveTranche(server.id(), grant.id(), tranche, LocalDate.of(2026, 11, 2), Money.of(100000, "EUR"))).isTrue();
        assertThat(grants.receiveTranche(server.id(), grant.id(), tranche, LocalDate.of(2026, 11, 3), Money.of(100000, "EUR"))).isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM ledger_entry WHERE kind = 'GRANT_RECEIPT'").query(Long.class).single()).isEqualTo(1);
        assertThat(new Browser(port).get("/servers/example.social").text()).as("not public").doesNotContain("Funder");
    }

    @Test
    void badInputAndAnotherServersIdsAreRefused() {
        assertThat(browser.submit(browser.get(base() + "/new"), "main form", grantForm("-5")).text()).contains("greater than zero");
        var noFunder = grantForm("5");
        noFunder.put("funder", "");
        assertThat(browser.submit(browser.get(base() + "/new"), "main form", noFunder).text()).contains("Enter who funds the grant.");
        var badDates = grantForm("5");
        badDates.put("endsOn", "2025-01-01");
        assertThat(browser.submit(browser.get(base() + "/new"), "main form", badDates).text()).contains("ends before it starts");
        assertThat(grants.all(server.id())).isEmpty();

        var other = Servers.create(instances, "other.example", "EUR");
        var grant = grants.create(other.id(), new GrantDetails("Other funder", "x", Money.of(100, "EUR"),
                GrantStatus.ACTIVE, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), false, true));
        assertThat(browser.get(base() + "/" + grant.id()).status()).isEqualTo(404);
        long foreignExpense = expenses.add(other.id(), new ExpenseDetails(LocalDate.of(2026, 11, 2), "hosting", "x", "",
                Money.of(100, "EUR"), Money.of(100, "EUR")), null, false, null).id();
        var mine = grants.create(server.id(), new GrantDetails("Mine", "x", Money.of(100, "EUR"), GrantStatus.ACTIVE,
                LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), false, true));
        var page = browser.get(base() + "/" + mine.id());
        String token = page.document().selectFirst("input[name=_csrf]").attr("value");
        var forged = browser.post(base() + "/" + mine.id() + "/allocations",
                Map.of("_csrf", token, "expenseId", String.valueOf(foreignExpense)));
        assertThat(forged.status()).isEqualTo(404);
        assertThat(grants.get(server.id(), mine.id()).spent().isZero()).isTrue();

        // Another server's deadline, reached through one's own grant: nothing changes and nothing says "Saved."
        grants.addDeadline(other.id(), grant.id(), LocalDate.of(2026, 12, 1), "Their report");
        long theirs = jdbc.sql("SELECT id FROM grant_deadline WHERE instance_id = ?").param(other.id())
                .query(Long.class).single();
        var foreignDeadline = browser.post(base() + "/" + mine.id() + "/deadlines/" + theirs + "/done",
                Map.of("_csrf", token));
        assertThat(foreignDeadline.status()).isEqualTo(404);
        assertThat(foreignDeadline.text()).doesNotContain("Saved.");
        assertThat(jdbc.sql("SELECT count(*) FROM grant_deadline WHERE id = ? AND done_on IS NULL").param(theirs)
                .query(Integer.class).single()).isOne();
    }
}
