package social.upkeep.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import social.upkeep.instance.Instances;
import social.upkeep.shared.Money;
import social.upkeep.support.Browser;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.UpkeepTest;

/** An operator adds a server, records income and closes a month through the forms; bad input changes nothing. */
@UpkeepTest
class ServerAndBooksFormsTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    Instances instances;

    @Autowired
    Ledger ledger;

    @Autowired
    MonthClosing closing;

    Browser browser;

    @BeforeEach
    void signIn() {
        browser = SignedInOwner.browser(port, jdbc, passwords);
    }

    Map<String, String> server(String host) {
        var fields = new HashMap<String, String>();
        fields.put("host", host);
        fields.put("displayName", "Example Social");
        fields.put("currency", "EUR");
        fields.put("timeZone", "Europe/Berlin");
        fields.put("foundedOn", "2025-06-01");
        fields.put("monthlyGoal", "250");
        fields.put("activeUsers", "1200");
        return fields;
    }

    Browser.Page addServer(Map<String, String> fields) {
        return browser.submit(browser.get("/operator/servers/new"), "main form", fields);
    }

    @Test
    void operatorAddsAServerRecordsIncomeAndClosesAMonth() {
        var overview = addServer(server("https://Example.Social/"));
        assertThat(overview.text()).contains("The server was added.", "Example Social");
        var server = instances.findByHost("example.social").orElseThrow();
        assertThat(server.monthlyGoal()).isEqualTo(Money.of(25000, "EUR"));

        var form = browser.get("/operator/servers/" + server.id() + "/income/new");
        var fields = Map.of("receivedOn", "2026-10-15", "amount", "120,00", "source", "bank-transfer", "description", "Local meetup");
        browser.submit(form, "main form", fields);
        var again = browser.submit(form, "main form", fields);
        assertThat(again.text()).contains("The income was recorded.");
        assertThat(ledger.totals(server.id(), YearMonth.of(2026, 10)).supporters())
                .as("the same form twice books once").isEqualTo(Money.of(12000, "EUR"));

        var books = browser.get("/operator/servers/" + server.id());
        var confirm = browser.get(books.document().selectFirst("a[href*='/close?month=']").attr("href"));
        assertThat(confirm.text()).contains("Close 17 months, June 2025 to October 2026", "June 2025 €0.00",
                "October 2026 €120.00", "Closing makes this month and every earlier one final");
        var closed = browser.post("/operator/servers/" + server.id() + "/close", Map.of(
                "_csrf", confirm.document().selectFirst("input[name=_csrf]").attr("value"), "month", "2026-10"));
        assertThat(closed.text()).contains("The month is closed and published.", "October 2026");
        assertThat(closing.closedMonths(server.id()).get(0).income()).isEqualTo(Money.of(12000, "EUR"));

        var late = browser.submit(browser.get("/operator/servers/" + server.id() + "/income/new"), "main form",
                Map.of("receivedOn", "2026-10-20", "amount", "5", "source", "cash", "description", ""));
        assertThat(late.text()).contains("This month is closed.");
    }

    @Test
    void badServerProfilesAreRefused() {
        assertThat(addServer(server("not a host")).text()).contains("Enter a domain name such as example.social.");
        assertThat(addServer(server("<script>.example")).text()).contains("Enter a domain name");
        var fields = server("example.social");
        fields.put("currency", "XAU");
        assertThat(addServer(fields).text()).contains("Choose a currency.");
        fields = server("example.social");
        fields.put("timeZone", "Mars/Olympus");
        assertThat(addServer(fields).text()).contains("Choose a time zone.");
        fields = server("example.social");
        fields.put("monthlyGoal", "-3");
        assertThat(addServer(fields).text()).contains("greater than zero");
        fields = server("example.social");
        fields.put("foundedOn", "2030-01-01");
        assertThat(addServer(fields).text()).contains("This date is in the future.");
        fields = server("example.social");
        fields.put("activeUsers", "-1");
        assertThat(addServer(fields).text()).contains("Enter a number of users");
        assertThat(instances.all()).isEmpty();

        addServer(server("example.social"));
        assertThat(addServer(server("EXAMPLE.social")).text()).contains("already keeps a server with this host");
        assertThat(instances.all()).hasSize(1);
    }

    @Test
    void theCurrencyAndHostCannotBeChangedAfterwards() {
        addServer(server("example.social"));
        var server = instances.findByHost("example.social").orElseThrow();
        var fields = server("evil.example");
        fields.put("currency", "USD");
        fields.put("displayName", "Renamed");
        var saved = browser.submit(browser.get("/operator/servers/" + server.id() + "/edit"), "main form", fields);
        assertThat(saved.text()).contains("The server profile was saved.");
        var after = instances.get(server.id());
        assertThat(after.host()).isEqualTo("example.social");
        assertThat(after.currency().getCurrencyCode()).isEqualTo("EUR");
        assertThat(after.displayName()).isEqualTo("Renamed");
    }

    @Test
    void badIncomeIsRefused() {
        addServer(server("example.social"));
        long id = instances.findByHost("example.social").orElseThrow().id();
        var form = browser.get("/operator/servers/" + id + "/income/new");
        assertThat(browser.submit(form, "main form", Map.of("receivedOn", "2026-11-01", "amount", "0", "source", "cash",
                "description", "")).text()).contains("greater than zero");
        assertThat(browser.submit(form, "main form", Map.of("receivedOn", "2026-11-01", "amount", "5", "source", "<script>",
                "description", "")).text()).contains("Choose where the money came from.");
        assertThat(browser.submit(form, "main form", Map.of("receivedOn", "2024-01-01", "amount", "5", "source", "cash",
                "description", "")).text()).contains("before the server started");
        assertThat(jdbc.sql("SELECT count(*) FROM ledger_entry").query(Long.class).single()).isZero();
    }
}
