package social.upkeep.expense;

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
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.ledger.Ledger;
import social.upkeep.shared.Money;
import social.upkeep.support.Browser;
import social.upkeep.support.Servers;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.UpkeepTest;

/** An operator records expenses through the real forms, and what careless or hostile input gets. */
@UpkeepTest
class ExpenseFormsTest {

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
    Expenses expenses;

    Browser browser;
    Instance server;

    @BeforeEach
    void signIn() {
        browser = SignedInOwner.browser(port, jdbc, passwords);
        server = Servers.create(instances, "example.social", "EUR");
    }

    Map<String, String> expense(String date, String charged) {
        var fields = new HashMap<String, String>();
        fields.put("spentOn", date);
        fields.put("category", "hosting");
        fields.put("vendor", "Hetzner");
        fields.put("description", "CX41 server");
        fields.put("charged", charged);
        fields.put("chargedCurrency", "EUR");
        fields.put("booked", "");
        return fields;
    }

    Browser.Page submitNew(Map<String, String> fields) {
        return browser.submit(browser.get("/operator/servers/" + server.id() + "/expenses/new"), "main form", fields);
    }

    Money costsThisMonth() {
        return ledger.totals(server.id(), YearMonth.of(2026, 11)).costs();
    }

    @Test
    void operatorAddsCorrectsAndVoidsAnExpense() {
        var list = submitNew(expense("2026-11-03", "49,90"));
        assertThat(list.text()).contains("The expense was added.", "Hetzner", "€49.90");
        assertThat(costsThisMonth()).isEqualTo(Money.of(4990, "EUR"));

        long id = expenses.all(server.id()).get(0).id();
        var edit = browser.get("/operator/servers/" + server.id() + "/expenses/" + id + "/edit");
        var fields = expense("2026-11-03", "59.90");
        var saved = browser.submit(edit, "main form", fields);
        assertThat(saved.text()).contains("The expense was saved.", "€59.90");
        assertThat(costsThisMonth()).isEqualTo(Money.of(5990, "EUR"));

        var confirm = browser.get("/operator/servers/" + server.id() + "/expenses/" + id + "/void");
        assertThat(confirm.text()).contains("Void the expense from Hetzner of €59.90");
        var voided = browser.submit(confirm, "form[action$='/void']", Map.of());
        assertThat(voided.text()).contains("The expense was voided.", "Voided on 27 November 2026");
        assertThat(costsThisMonth().isZero()).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM ledger_entry").query(Long.class).single())
                .as("nothing deleted: booked, reversed, rebooked, reversed").isEqualTo(4);
    }

    @Test
    void doubleSubmitAddsTheExpenseOnce() {
        var form = browser.get("/operator/servers/" + server.id() + "/expenses/new");
        browser.submit(form, "main form", expense("2026-11-03", "10"));
        browser.submit(form, "main form", expense("2026-11-03", "10"));
        assertThat(expenses.all(server.id())).hasSize(1);
        assertThat(costsThisMonth()).isEqualTo(Money.of(1000, "EUR"));
    }

    @Test
    void chargeInAnotherCurrencyNeedsTheBookedAmount() {
        var fields = expense("2026-11-03", "50");
        fields.put("chargedCurrency", "USD");
        assertThat(submitNew(fields).text()).contains("Enter an amount.");
        fields.put("booked", "46.12");
        assertThat(submitNew(fields).text()).contains("The expense was added.", "€46.12", "charged as $50.00");
        assertThat(ledger.entries(server.id(), YearMonth.of(2026, 11)).get(0).original()).isEqualTo(Money.of(-5000, "USD"));
    }

    @Test
    void badAmountsDatesAndCurrenciesAreRefusedAndNothingIsBooked() {
        assertThat(submitNew(expense("2026-11-03", "-5")).text()).contains("greater than zero");
        assertThat(submitNew(expense("2026-11-03", "0")).text()).contains("greater than zero");
        assertThat(submitNew(expense("2026-11-03", "abc")).text()).contains("Enter an amount as a number");
        assertThat(submitNew(expense("2026-11-03", "10000000000.01")).text()).contains("far too large");
        assertThat(submitNew(expense("2026-11-03", "1.234")).text()).contains("at most 2 decimal places");
        assertThat(submitNew(expense("2026-11-03", "")).text()).contains("Enter an amount.");
        assertThat(submitNew(expense("2027-01-03", "5")).text()).contains("This date is in the future.");
        assertThat(submitNew(expense("2019-01-03", "5")).text()).contains("before the server started");
        assertThat(submitNew(expense("not-a-date", "5")).text()).contains("not valid");
        var fields = expense("2026-11-03", "5");
        fields.put("chargedCurrency", "XYZ");
        assertThat(submitNew(fields).text()).contains("Choose a currency.");
        fields = expense("2026-11-03", "5");
        fields.put("category", "custom:not mine");
        assertThat(submitNew(fields).text()).contains("Choose a category.");
        fields = expense("2026-11-03", "5");
        fields.remove("vendor");
        assertThat(submitNew(fields).text()).contains("Enter who charged it.");
        assertThat(expenses.all(server.id())).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM ledger_entry").query(Long.class).single()).isZero();
    }

    @Test
    void scriptInVendorIsShownAsText() {
        var fields = expense("2026-11-03", "5");
        fields.put("vendor", "<script>alert('x')</script>");
        var page = submitNew(fields);
        assertThat(page.text()).contains("<script>alert('x')</script>");
        assertThat(page.body()).doesNotContain("<script>alert('x')</script>");
    }

    @Test
    void anotherServersExpenseIsNotFound() {
        var other = Servers.create(instances, "other.example", "EUR");
        submitNew(expense("2026-11-03", "5"));
        long id = expenses.all(server.id()).get(0).id();
        assertThat(browser.get("/operator/servers/" + other.id() + "/expenses/" + id + "/edit").status()).isEqualTo(404);
        assertThat(browser.get("/operator/servers/" + other.id() + "/expenses/" + id + "/void").status()).isEqualTo(404);
        assertThat(browser.get("/operator/servers/" + other.id() + "/expenses/" + id + "/receipt").status()).isEqualTo(404);
        var voidPage = browser.get("/operator/servers/" + server.id() + "/expenses/" + id + "/void");
        String token = voidPage.document().selectFirst("input[name=_csrf]").attr("value");
        var forged = browser.post("/operator/servers/" + other.id() + "/expenses/" + id + "/void", Map.of("_csrf", token));
        assertThat(forged.status()).isEqualTo(404);
        assertThat(expenses.get(server.id(), id).voided()).isFalse();
        assertThat(browser.get("/operator/servers/999/expenses").status()).isEqualTo(404);
    }

    @Test
    void operatorSetsUpAndEndsARecurringCost() {
        var form = browser.get("/operator/servers/" + server.id() + "/recurring/new");
        assertThat(form.text()).contains("First charged on", "Day of the month");
        var fields = expense("2026-09-10", "39.90");
        fields.put("dayOfMonth", "31");
        assertThat(browser.submit(form, "main form", fields).text()).contains("Choose a day from 1 to 28.");
        fields.put("dayOfMonth", "10");
        var list = browser.submit(form, "main form", fields);
        assertThat(list.text()).contains("The recurring cost was added", "Hetzner", "€39.90", "since 10 September 2026");
        assertThat(expenses.all(server.id())).as("September to November are due").hasSize(3);
        var ended = browser.submit(list, "form[action$='/end']", Map.of());
        assertThat(ended.text()).contains("The recurring cost ends today.", "10 September 2026 to 27 November 2026");
    }

    @Test
    void customCategoriesCanBeAddedOnceAndUsed() {
        var list = browser.get("/operator/servers/" + server.id() + "/expenses");
        var added = browser.submit(list, "form[action$='/categories']", Map.of("name", "Moderation tools"));
        assertThat(added.text()).contains("The category was added.");
        var again = browser.submit(added, "form[action$='/categories']", Map.of("name", "moderation TOOLS"));
        assertThat(again.text()).contains("A category of that name exists already.");
        var fields = expense("2026-11-03", "12");
        fields.put("category", "custom:Moderation tools");
        assertThat(submitNew(fields).text()).contains("The expense was added.", "Moderation tools");
    }

    @Test
    void anUnusedCategoryIsRenamedOrRemovedAndAUsedOneStaysAsItIs() {
        expenses.addCategory(server.id(), "Moderaton tools");
        expenses.addCategory(server.id(), "Stickers");
        var list = browser.get("/operator/servers/" + server.id() + "/expenses");
        assertThat(list.document().select("table.categories tbody tr").eachText())
                .containsExactly("Moderaton tools nothing New name for “Moderaton tools” Rename Remove",
                        "Stickers nothing New name for “Stickers” Rename Remove");

        var renamed = browser.submit(list, "form.category-change:has(input[value='Moderaton tools'])",
                Map.of("name", " Moderation tools "));
        assertThat(renamed.text()).contains("The category was renamed.");
        var taken = browser.submit(renamed, "form.category-change:has(input[value='Stickers'])",
                Map.of("name", "moderation TOOLS"));
        assertThat(taken.text()).contains("A category of that name exists already.");

        var fields = expense("2026-11-03", "12");
        fields.put("category", "custom:Moderation tools");
        submitNew(fields);
        list = browser.get("/operator/servers/" + server.id() + "/expenses");
        assertThat(list.document().select("table.categories tbody tr:first-child").text())
                .isEqualTo("Moderation tools 1 expense or recurring cost Kept: expenses are booked under it.");
        long used = expenses.ownCategories(server.id()).get(0).id();
        String token = list.document().selectFirst("input[name=_csrf]").attr("value");
        var refused = browser.post("/operator/servers/" + server.id() + "/categories/" + used,
                Map.of("_csrf", token, "action", "remove"));
        assertThat(refused.text()).contains("Expenses or recurring costs name this category, so it stays as it is.");

        var removed = browser.submit(refused, "tr:has(input[value='Stickers']) form.category-remove", Map.of());
        assertThat(removed.text()).contains("The category was removed.");
        assertThat(expenses.ownCategories(server.id())).extracting(Expenses.OwnCategory::name)
                .containsExactly("Moderation tools");

        var other = Servers.create(instances, "other.example", "EUR");
        expenses.addCategory(other.id(), "Theirs");
        long theirs = expenses.ownCategories(other.id()).get(0).id();
        assertThat(browser.post("/operator/servers/" + server.id() + "/categories/" + theirs,
                Map.of("_csrf", token, "action", "remove")).status()).isEqualTo(404);
        assertThat(expenses.ownCategories(other.id())).hasSize(1);
    }
}
