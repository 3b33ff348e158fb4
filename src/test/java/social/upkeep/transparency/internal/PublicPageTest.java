package social.upkeep.transparency.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import social.upkeep.expense.ExpenseDetails;
import social.upkeep.expense.Expenses;
import social.upkeep.expense.Receipt;
import social.upkeep.instance.Instance;
import social.upkeep.instance.InstanceDetails;
import social.upkeep.instance.Instances;
import social.upkeep.ledger.Booking;
import social.upkeep.ledger.EntryKind;
import social.upkeep.ledger.Ledger;
import social.upkeep.ledger.MonthClosing;
import social.upkeep.shared.Money;
import social.upkeep.tier.DonationOptions;
import social.upkeep.tier.TierDetails;
import social.upkeep.support.Browser;
import social.upkeep.support.UpkeepTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** What the public sees of a server's funding, and what it must never see or be sent. */
@UpkeepTest
class PublicPageTest {

    static final String XSS = "<script>alert('x')</script>";

    @LocalServerPort
    int port;

    @Autowired
    Instances instances;

    @Autowired
    Ledger ledger;

    @Autowired
    Expenses expenses;

    @Autowired
    MonthClosing closing;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Autowired
    org.springframework.security.crypto.password.PasswordEncoder passwords;

    @Autowired
    social.upkeep.tier.Tiers tiers;

    @Autowired
    social.upkeep.supporter.Supporters supporters;

    @Autowired
    social.upkeep.membership.Memberships memberships;

    Instance server;
    long publicReceiptExpense;
    long privateReceiptExpense;

    @BeforeEach
    void books() {
        server = instances.create(new InstanceDetails("example.social", "Example " + XSS, Currency.getInstance("EUR"),
                ZoneId.of("Europe/Berlin"), LocalDate.of(2025, 1, 1), null, 400), false);
        for (int m = 8; m <= 11; m++) {
            expense(LocalDate.of(2026, m, 1), "hosting", "Hetzner", 100_00, null);
            ledger.book(new Booking(server.id(), EntryKind.INCOME, Money.of(60_00, "EUR"), null, LocalDate.of(2026, m, 5),
                    "supporters", null, "txn_" + m));
            ledger.book(new Booking(server.id(), EntryKind.PROCESSOR_FEE, Money.of(-2_00, "EUR"), null,
                    LocalDate.of(2026, m, 5), "fees", null, "fee_" + m));
        }
        ledger.book(new Booking(server.id(), EntryKind.MANUAL_INCOME, Money.of(1000_00, "EUR"), null,
                LocalDate.of(2026, 7, 1), "bank transfer", "bank-transfer", "manual:1"));
        publicReceiptExpense = expense(LocalDate.of(2026, 11, 2), "domain", XSS, 15_00,
                new Receipt("application/pdf", "%PDF-1.4 public".getBytes()));
        expenses.setReceipt(server.id(), publicReceiptExpense, null, true);
        privateReceiptExpense = expense(LocalDate.of(2026, 11, 3), "email", "=HYPERLINK(\"x\")", 5_00,
                new Receipt("application/pdf", "%PDF-1.4 private".getBytes()));
        closing.closeThrough(server.id(), YearMonth.of(2026, 10));
    }

    long expense(LocalDate date, String category, String vendor, long minor, Receipt receipt) {
        return expenses.add(server.id(), new ExpenseDetails(date, category, vendor, "", Money.of(minor, "EUR"),
                Money.of(minor, "EUR")), receipt, false, null).id();
    }

    @Test
    void theListSaysHowManyExpensesThereAreAndEveryMonthOpensInFull() {
        for (int day = 1; day <= 28; day++) {
            // Only November is open; the 28th is after "today" (27 November), so the page counts 27 of each.
            expense(LocalDate.of(2026, 11, day), "hosting", "Small " + day, 1_00, null);
            expense(LocalDate.of(2026, 11, day), "backups", "November " + day, 2_00, null);
        }
        var page = new Browser(port).get("/servers/example.social").document();
        assertThat(page.select("p.expense-count").text())
                .isEqualTo("The latest 50 of 60 expenses in the last 12 months. Every month in full:");
        assertThat(page.select("p.by-month a").eachText()).hasSize(12).startsWith("Nov 2026", "Oct 2026")
                .endsWith("Dec 2025");
        var november = page.select("p.by-month a:contains(Nov 2026)").attr("href");
        assertThat(november).isEqualTo("/servers/example.social/expenses?month=2026-11");

        var month = new Browser(port).get(november);
        assertThat(month.status()).isEqualTo(200);
        assertThat(month.document().select("h1").text()).isEqualTo("Expenses of Example " + XSS + ", November 2026");
        assertThat(month.document().select("p.big").text()).isEqualTo("59 expenses, €204.00 in all.");
        assertThat(month.document().select("tbody tr")).hasSize(59);
        assertThat(new Browser(port).get("/servers/example.social/expenses?month=2026-08").document()
                .select("p.big").text()).isEqualTo("1 expense, €100.00 in all.");
        assertThat(month.body()).doesNotContain(XSS);
        assertThat(new Browser(port).get("/servers/example.social/expenses?month=2026-13").status()).isEqualTo(404);
        assertThat(new Browser(port).get("/servers/example.social/expenses?month=%3Cb%3E").status()).isEqualTo(404);
        assertThat(new Browser(port).get("/servers/example.social/expenses?month=2030-01").document()
                .select("main").text()).contains("No expenses recorded in this month.");
    }

    @Test
    void pageShowsGoalRunwayCategoriesAndExpenses() {
        var page = new Browser(port).get("/servers/example.social");
        assertThat(page.status()).isEqualTo(200);
        String text = page.text();
        // The goal is what a month costs: August to October closed at 100 + 2 fees = 102 each; November's 60 so far.
        assertThat(text).contains("€60.00 of €102.00 covered (58 %)",
                "The goal is what a month costs: the average of the last 3 closed months.");
        // Balance: 1000 + 4 × (60 − 2 − 100) − 20 = 812; burning 42 a month over Aug–Oct.
        assertThat(text).contains("Balance: €812.00", "The money lasts until", "last 3 closed months, €42.00");
        assertThat(text).contains("Hosting", "Domain", "Email", "Payment processing fees");
        assertThat(text).contains("per active user per month (400 active users)");
        assertThat(text).contains("Example " + XSS);
        assertThat(page.body()).doesNotContain(XSS);
        assertThat(page.document().select("svg.chart rect.income")).hasSize(24);
        assertThat(page.document().select("a[href$='/receipts/" + publicReceiptExpense + "']")).hasSize(1);
        assertThat(page.document().select("a[href$='/receipts/" + privateReceiptExpense + "']")).isEmpty();
    }

    @Test
    void everyVisitorSeesTheWayToGiveTheTiersTheAmountsAndHowManyGive() {
        var tier = tiers.create(server.id(), server.currency(), new TierDetails("Patron", "Keeps the lights on",
                List.of("A badge"), Money.of(5_00, "EUR"), Money.of(50_00, "EUR"), 3, "Patron", true));
        tiers.create(server.id(), server.currency(), new TierDetails("Hidden", "", List.of(), Money.of(9_00, "EUR"),
                null, null, null, false));
        tiers.saveDonationOptions(server.id(), new DonationOptions(List.of(Money.of(5_00, "EUR"), Money.of(10_00,
                "EUR")), Money.of(2_00, "EUR"), Money.of(500_00, "EUR"), true, true, false));
        var ada = supporters.signedInWithEmail("ada@example.org");
        memberships.grantComplimentary(server.id(), ada.id(), tier.id(), null, "thanks", "owner");

        var page = new Browser(port).get("/servers/example.social");

        assertThat(page.document().select("p.cta a").attr("href")).isEqualTo("/support/example.social");
        assertThat(page.document().select("p.cta a").text()).isEqualTo("Support Example " + XSS);
        var section = page.document().select("section#support");
        assertThat(section.select("article.tier h3").eachText()).containsExactly("Patron");
        assertThat(section.text()).contains("Keeps the lights on", "A badge", "€5.00 a month",
                "€50.00 a year (you save €10.00)", "2 places left", "Suggested amounts: €5.00, €10.00",
                "Any amount from €2.00 to €500.00", "1 supporter supports this server.");
        assertThat(section.select("ul.frequencies li").eachText()).hasSize(2);
        assertThat(page.document().select("script")).isEmpty();

        // The page stays light: its HTML and the one stylesheet under 60 KB together.
        int html = page.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        int css = new Browser(port).get(page.document().selectFirst("link[rel=stylesheet]").attr("href")).body()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        System.out.printf("Public page weight: HTML %d bytes + CSS %d bytes = %d bytes%n", html, css, html + css);
        assertThat(html + css).isLessThan(60_000);
    }

    @Test
    void aGrantIsShownApartAndNeverInflatesTheShareCovered() {
        ledger.book(new Booking(server.id(), EntryKind.GRANT_RECEIPT, Money.of(5000_00, "EUR"), null,
                LocalDate.of(2026, 11, 20), "NLnet", null, "grant:1"));
        var page = new Browser(port).get("/servers/example.social");
        assertThat(page.text()).contains("€60.00 of €102.00 covered (58 %)",
                "Plus €5,000.00 from grants this month, shown apart.");
        var json = new Browser(port).get("/servers/example.social/funding.json").body();
        assertThat(json).contains("\"covered_percent\":58").contains("\"grants_this_month\"");
    }

    @Test
    void aServerWhoseClosedMonthsAreEmptySaysNotEnoughDataInsteadOfFiguresBuiltOnNothing() {
        var fresh = instances.create(new InstanceDetails("fresh.example", "Fresh", Currency.getInstance("EUR"),
                ZoneId.of("Europe/Berlin"), LocalDate.of(2026, 6, 1), null, 100), false);
        closing.closeThrough(fresh.id(), YearMonth.of(2026, 10));
        ledger.book(new Booking(fresh.id(), EntryKind.EXPENSE, Money.of(-1_27, "EUR"), null, LocalDate.of(2026, 11, 2),
                "domain", null, "expense:fresh"));
        ledger.book(new Booking(fresh.id(), EntryKind.MANUAL_INCOME, Money.of(35_00, "EUR"), null,
                LocalDate.of(2026, 11, 2), "gift", null, "manual:fresh"));

        String text = new Browser(port).get("/servers/fresh.example").text();

        assertThat(text).contains("Not enough data yet: the goal is shown",
                "Not enough data yet: the runway is shown").doesNotContain("covered (", "Income covers costs",
                "per active user");
    }

    @Test
    void theWidgetAndBadgeLeadToTheSupportPageAndTheirSnippetsAreAbsolute() {
        var browser = new Browser(port);
        var widget = browser.get("/servers/example.social/widget");
        assertThat(widget.document().select("a[href='/support/example.social'][target=_blank]").text())
                .isEqualTo("Support");
        var page = browser.get("/servers/example.social").document();
        assertThat(page.select("a[href='/support/example.social'] img[src$='/badge.svg']")).hasSize(1);
        // Snippets for other sites carry absolute addresses from the configured base URL.
        assertThat(page.select("pre.widget-snippet").text()).matches("<iframe src=\"https?://[^\"]+/servers/example"
                + "\\.social/widget\" .*");
        assertThat(page.select("pre.badge-snippet").text()).matches("<a href=\"https?://[^\"]+/support/example"
                + "\\.social\"><img src=\"https?://[^\"]+/servers/example\\.social/badge\\.svg\" .*");
    }

    @Test
    void publicPagesVaryByLanguageAndAChosenLanguageIsNeverSharedFromACache() {
        var browser = new Browser(port);
        for (int visit = 0; visit < 2; visit++) {
            var page = browser.get("/servers/example.social");
            assertThat(page.header("Vary")).as("visit %d", visit).containsIgnoringCase("Accept-Language")
                    .containsIgnoringCase("Cookie");
            assertThat(page.header("Cache-Control")).contains("public");
        }
        var german = new Browser(port).get("/servers/example.social?lang=de");
        assertThat(german.header("Cache-Control")).isEqualTo("private, max-age=60");
        assertThat(german.header("Vary")).containsIgnoringCase("Cookie");
        assertThat(german.text()).contains("unterstützen");
    }

    @Test
    void publicResponsesSetNoCookieAndLoadNothingFromElsewhere() {
        var browser = new Browser(port);
        for (String path : List.of("/", "/servers/example.social", "/servers/example.social?range=12",
                "/servers/example.social/funding.json", "/servers/example.social/funding.csv",
                "/servers/example.social/expenses.csv", "/servers/example.social/feed.atom",
                "/servers/example.social/badge.svg", "/servers/example.social/widget",
                "/servers/example.social/receipts/" + publicReceiptExpense)) {
            var response = browser.get(path);
            assertThat(response.status()).as(path).isEqualTo(200);
            assertThat(response.response().headers().allValues("Set-Cookie")).as(path).isEmpty();
        }
        assertThat(browser.cookies().getCookieStore().getCookies()).isEmpty();
        for (String path : List.of("/servers/example.social", "/servers/example.social/widget")) {
            var document = browser.get(path).document();
            // Everything the page loads (the canonical address names the page itself, and loads nothing).
            document.select("[src], [href]:not(link[rel=canonical])").forEach(element -> {
                String url = element.hasAttr("src") ? element.attr("src") : element.attr("href");
                URI uri = URI.create(url.replace(" ", "%20"));
                assertThat(uri.getHost() == null || uri.getScheme() == null || url.startsWith("data:"))
                        .as(path + ": " + url).isTrue();
            });
            assertThat(document.select("script")).isEmpty();
        }
    }

    @Test
    void onlyTheWidgetMayBeFramed() {
        var browser = new Browser(port);
        var page = browser.get("/servers/example.social");
        assertThat(page.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        var widget = browser.get("/servers/example.social/widget");
        assertThat(widget.header("Content-Security-Policy")).contains("frame-ancestors *").contains("script-src 'self'");
        assertThat(widget.header("X-Frame-Options")).isEmpty();
        assertThat(widget.text()).contains("€60.00 of €102.00 covered (58 %)");

    }

    @Test
    void jsonCsvAndFeedAgreeWithTheLedgerAndEscapeNames() throws Exception {
        var browser = new Browser(port);
        JsonNode json = new ObjectMapper().readTree(browser.get("/servers/example.social/funding.json").body());
        assertThat(json.get("format").asString()).isEqualTo("upkeep-funding");
        assertThat(json.get("version").asInt()).isEqualTo(1);
        assertThat(json.get("server").get("name").asString()).isEqualTo("Example " + XSS);
        assertThat(json.get("balance").get("minor").asLong()).isEqualTo(812_00);
        assertThat(json.get("covered_percent").asInt()).isEqualTo(58);
        assertThat(json.get("runway").get("status").asString()).isEqualTo("funded_until");
        long jsonNet = 0;
        for (JsonNode month : json.get("months")) {
            jsonNet += month.get("net").get("minor").asLong();
        }
        assertThat(jsonNet).isEqualTo(ledger.balance(server.id(), YearMonth.of(2026, 11)).minor());

        String csv = browser.get("/servers/example.social/funding.csv").body();
        long csvNet = csv.lines().skip(1).mapToLong(line -> new java.math.BigDecimal(line.split(",")[4])
                .movePointRight(2).longValueExact()).sum();
        assertThat(csvNet).as("the CSV adds up to the page's balance").isEqualTo(812_00);

        String expensesCsv = browser.get("/servers/example.social/expenses.csv").body();
        assertThat(expensesCsv).contains("\"'=HYPERLINK(\"\"x\"\")\"", XSS);

        String feed = browser.get("/servers/example.social/feed.atom").body();
        assertThat(feed).contains("<entry>", "October 2026 closed").doesNotContain(XSS)
                .contains("Example &lt;script&gt;");
        assertThat(browser.get("/servers/example.social/badge.svg").body()).contains("58 %").startsWith("<svg");
    }

    @Test
    void privateReceiptsAndUnknownServersAreNotFound() {
        var browser = new Browser(port);
        assertThat(browser.get("/servers/example.social/receipts/" + privateReceiptExpense).status()).isEqualTo(404);
        assertThat(browser.get("/servers/nowhere.example").status()).isEqualTo(404);
        var other = instances.create(new InstanceDetails("other.example", "Other", Currency.getInstance("EUR"),
                ZoneId.of("UTC"), LocalDate.of(2025, 1, 1), null, null), false);
        assertThat(browser.get("/servers/other.example/receipts/" + publicReceiptExpense).status()).isEqualTo(404);
        assertThat(other.id()).isNotEqualTo(server.id());
    }

    @Test
    void theCachedReportGivesWayToNewBookingsAtOnce() {
        var browser = new Browser(port);
        assertThat(browser.get("/servers/example.social").text()).contains("Balance: €812.00");
        ledger.book(new Booking(server.id(), EntryKind.MANUAL_INCOME, Money.of(100_00, "EUR"), null,
                LocalDate.of(2026, 11, 20), "cash", "cash", "manual:2"));
        assertThat(browser.get("/servers/example.social").text()).contains("Balance: €912.00");
        expenses.voidExpense(server.id(), publicReceiptExpense);
        assertThat(browser.get("/servers/example.social").text()).contains("Balance: €927.00");
    }

    @Test
    void keptPagesGoToAnonymousVisitorsOnlyWithTheSameHeaders() {
        var anonymous = new Browser(port);
        var first = anonymous.get("/servers/example.social");
        var second = anonymous.get("/servers/example.social");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.header("Content-Security-Policy")).isEqualTo(first.header("Content-Security-Policy"));
        assertThat(second.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(second.header("Content-Language")).isEqualTo("en");
        assertThat(second.response().headers().allValues("Set-Cookie")).isEmpty();
        assertThat(anonymous.header("Accept-Language", "de").get("/servers/example.social").text())
                .contains("So wird Example");

        var owner = social.upkeep.support.SignedInOwner.browser(port, jdbc, passwords);
        assertThat(owner.get("/servers/example.social").body()).contains("/signout");
        assertThat(anonymous.get("/servers/example.social").body()).doesNotContain("/signout");
    }

    @Test
    void frontPageShowsTheOnlyServer() {
        assertThat(new Browser(port).get("/").text()).contains("How Example");
    }
}
