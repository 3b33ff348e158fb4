package social.upkeep.imports.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import social.upkeep.instance.Instance;
import social.upkeep.instance.InstanceDetails;
import social.upkeep.instance.Instances;
import social.upkeep.support.Browser;
import social.upkeep.support.MutableClock;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.UpkeepTest;

/**
 * An operator imports their history through the pages: a preview first, booked only when confirmed; the same file
 * again books nothing; closed months get one labelled correction or nothing; foreign currencies need a rate; another
 * server's import is not theirs to see; and a 10,000-row export is read and booked in time.
 */
@UpkeepTest
class ImportJourneyTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Instances instances;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    MutableClock clock;

    Instance server;
    Browser owner;

    @BeforeEach
    void setUp() {
        clock.set(UpkeepTest.START);
        server = instances.create(new InstanceDetails("example.social", "Example Social", Currency.getInstance("EUR"),
                ZoneId.of("Europe/Berlin"), LocalDate.of(2025, 1, 1), null, null), false);
        owner = SignedInOwner.browser(port, jdbc, passwords);
    }

    private String imports() {
        return "/operator/servers/" + server.id() + "/imports";
    }

    private Browser.Page upload(String format, String fileName, byte[] content, Map<String, String> fields) {
        var form = new java.util.HashMap<>(fields);
        form.put("format", format);
        return owner.upload(owner.get(imports()), "form.import-upload", form, "file", fileName, "text/csv", content);
    }

    private List<Map<String, Object>> entries() {
        return jdbc.sql("""
                        SELECT kind, amount_minor, currency, original_amount_minor, original_currency, booked_on,
                            description, category
                        FROM ledger_entry WHERE instance_id = ? ORDER BY booked_on, kind, amount_minor""")
                .param(server.id()).query().listOfRows();
    }

    private long total() {
        return jdbc.sql("SELECT coalesce(sum(amount_minor), 0) FROM ledger_entry WHERE instance_id = ?")
                .param(server.id()).query(Long.class).single();
    }

    @Test
    void anOpenCollectiveExportIsPreviewedThenBookedOnceWithARateForItsDollars() throws Exception {
        var page = upload("open-collective", "oc <script>.csv", ExportFormatsTest.sample("open-collective.csv"), Map.of());
        assertThat(page.path()).matches("/operator/servers/\\d+/imports/\\d+");
        var summary = page.document();
        assertThat(summary.select("h1").text()).isEqualTo("Import of oc <script>.csv");
        assertThat(summary.select("h1 script")).isEmpty();
        assertThat(summary.select("dd.read").text()).isEqualTo("8");
        assertThat(summary.select("dd.to-book").text()).isEqualTo("6");
        assertThat(summary.select("dd.refused-count").text()).isEqualTo("1");
        assertThat(summary.select("table.refused td").eachText())
                .containsExactly("10", "Column “Effective Date & Time” holds no date Upkeep can read.");
        assertThat(summary.select("ul.skipped li").eachText())
                .containsExactly("Not income, a fee or a refund (EXPENSE): 1");
        assertThat(summary.select("table.totals tbody tr").eachText()).containsExactly(
                "2026-03 EUR €2.00 -€0.79 €0.00", "2026-04 EUR €25.50 €0.00 -€25.50", "2026-04 USD $10.00 $0.00 $0.00");
        assertThat(entries()).as("nothing is booked before the operator confirms").isEmpty();

        // Dollars need a rate; without one nothing is booked.
        var book = owner.submit(page, "form.import-book", Map.of());
        assertThat(book.text()).contains("Give the rate for USD");
        assertThat(entries()).isEmpty();
        book = owner.submit(page, "form.import-book", Map.of("rate.USD", "-1"));
        assertThat(book.text()).contains("Give the rate for USD");
        book = owner.submit(owner.get(page.path()), "form.import-book", Map.of("rate.USD", "0,9"));
        assertThat(book.document().select("p.booked-summary").text()).isEqualTo("6 entries booked; no rows of closed "
                + "months booked as a correction, none left out; no rows booked before.");
        assertThat(entries()).extracting(row -> row.get("kind") + " " + row.get("amount_minor") + " "
                        + row.get("original_amount_minor") + " " + row.get("original_currency") + " " + row.get("category"))
                .containsExactly("MANUAL_INCOME 200 null null open-collective", "PROCESSOR_FEE -59 null null null",
                        "PROCESSOR_FEE -20 null null null", "MANUAL_INCOME 2550 null null open-collective",
                        "REFUND -2550 null null null", "MANUAL_INCOME 900 1000 USD open-collective");
        long booked = total();
        // Booking the same preview twice does nothing; the page says it was booked.
        assertThat(owner.post(book.path() + "/book", Map.of("_csrf", csrf(owner.get(imports())), "rate.USD", "0.9"))
                .text()).contains("This import was booked or discarded already.");

        // The same file again: every row was booked before.
        page = upload("open-collective", "again.csv", ExportFormatsTest.sample("open-collective.csv"), Map.of());
        assertThat(page.document().select("dd.to-book").text()).isEqualTo("0");
        assertThat(page.document().select("dd.duplicates").text()).isEqualTo("6");
        assertThat(page.document().select("form.import-book")).isEmpty();
        owner.submit(page, "form.import-discard", Map.of());
        assertThat(total()).isEqualTo(booked);
        assertThat(owner.get(imports()).document().select("table.imports td").eachText())
                .contains("again.csv", "Discarded", "oc <script>.csv", "Booked");
    }

    @Test
    void rowsOfClosedMonthsBecomeOneLabelledCorrectionInTheFirstOpenMonthOrNothing() throws Exception {
        jdbc.sql("INSERT INTO ledger_closing (instance_id, closed_through) VALUES (?, '2026-03-31')")
                .param(server.id()).update();
        var page = upload("open-collective", "oc.csv", ExportFormatsTest.sample("open-collective.csv"), Map.of());
        assertThat(page.document().select("dd.closed").text()).isEqualTo("3");
        assertThat(page.document().select("dd.to-book").text()).isEqualTo("3");
        assertThat(page.document().select("fieldset.closed-months legend").text())
                .isEqualTo("3 entries fall in closed months (2026-03). Closed months never change:");
        assertThat(page.document().select("table.totals tbody tr").get(0).text()).startsWith("March 2026 (closed)");
        owner.submit(page, "form.import-book", Map.of("rate.USD", "0.9", "closed", "correction"));
        assertThat(entries()).extracting(row -> row.get("booked_on") + " " + row.get("kind") + " "
                        + row.get("amount_minor") + " " + row.get("description"))
                .contains("2026-04-01 MANUAL_INCOME 200 Correction: 1 imported open-collective rows of closed months 2026-03",
                        "2026-04-01 PROCESSOR_FEE -79 Correction: 2 imported open-collective rows of closed months 2026-03")
                .noneMatch(row -> row.startsWith("2026-03"));

        // Imported again, the corrected rows are known: nothing is booked twice.
        page = upload("open-collective", "oc.csv", ExportFormatsTest.sample("open-collective.csv"), Map.of());
        assertThat(page.document().select("dd.duplicates").text()).isEqualTo("6");
    }

    @Test
    void leftOutRowsOfClosedMonthsStayBookableAndAnotherServersImportIsNotFound() throws Exception {
        jdbc.sql("INSERT INTO ledger_closing (instance_id, closed_through) VALUES (?, '2026-02-28')")
                .param(server.id()).update();
        var page = upload("liberapay", "lp.csv", ExportFormatsTest.sample("liberapay-received.csv"), Map.of());
        String batch = page.path();
        var booked = owner.submit(page, "form.import-book", Map.of("rate.USD", "0.9", "closed", "leave-out"));
        assertThat(booked.document().select("p.booked-summary").text()).contains("3 left out");
        assertThat(entries()).extracting(row -> String.valueOf(row.get("booked_on"))).containsExactly("2026-03-02");

        Instance other = instances.create(new InstanceDetails("other.social", "Other", Currency.getInstance("EUR"),
                ZoneId.of("UTC"), LocalDate.of(2025, 1, 1), null, null), false);
        String theirs = batch.replace("/servers/" + server.id() + "/", "/servers/" + other.id() + "/");
        assertThat(owner.get(theirs).status()).isEqualTo(404);
        assertThat(owner.post(theirs + "/book", Map.of("_csrf", csrf(owner.get(imports())))).status()).isEqualTo(404);
    }

    @Test
    void aGenericFileIsReadThroughASavedMappingAndBadFilesAreRefusedWithTheirReason() throws Exception {
        var page = upload("other", "bank.csv", ExportFormatsTest.sample("generic.csv"), Map.of("dateColumn", "Datum",
                "amountColumn", "Betrag", "currencyColumn", "Währung", "feeColumn", "Gebühr", "referenceColumn",
                "Referenz", "descriptionColumn", "Beschreibung", "dateFormat", "dd.MM.yyyy", "decimal", "comma",
                "saveAs", "Bank"));
        assertThat(page.document().select("dd.to-book").text()).isEqualTo("5");
        assertThat(owner.get(imports()).document().select("#savedMapping option").eachText()).contains("Bank");
        page = upload("other", "bank.csv", ExportFormatsTest.sample("generic.csv"), Map.of("savedMapping", "Bank"));
        assertThat(page.document().select("dd.to-book").text()).isEqualTo("5");

        page = upload("open-collective", "kofi.csv", ExportFormatsTest.sample("ko-fi.csv"), Map.of());
        assertThat(page.document().select("p.import-problem").text())
                .startsWith("The file lacks columns this format needs: Effective Date & Time");
        page = upload("other", "x.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8), Map.of("dateColumn", "a"));
        assertThat(page.document().select("p.import-problem").text())
                .isEqualTo("Name at least the date column and the amount column.");
        page = upload("liberapay", "x.csv", new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0x41}, Map.of());
        assertThat(page.document().select("p.import-problem").text()).startsWith("The file is not UTF-8 text.");
        page = upload("nonsense", "x.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(page.document().select("p.import-problem").text()).isEqualTo("Choose where the file comes from.");
        assertThat(jdbc.sql("SELECT count(*) FROM import_batch WHERE instance_id = ?").param(server.id())
                .query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void tenThousandRowsAreReadAndBookedInTime() {
        StringBuilder csv = new StringBuilder("\uFEFFdatetime,legacyId,description,type,kind,amount,currency,isRefund\n");
        for (int i = 0; i < 10_000; i++) {
            csv.append("2026-0").append(1 + i % 9).append('-').append(String.format("%02d", 1 + i % 28))
                    .append("T12:00:00,").append(100_000 + i).append(",\"Contribution, number ").append(i)
                    .append("\",CREDIT,CONTRIBUTION,").append(1 + i % 50).append(".25,EUR,\n");
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        long started = System.nanoTime();
        var page = upload("open-collective", "big.csv", bytes, Map.of());
        long read = System.nanoTime();
        assertThat(page.document().select("dd.to-book").text()).isEqualTo("10000");
        var booked = owner.submit(page, "form.import-book", Map.of());
        long done = System.nanoTime();
        assertThat(booked.document().select("p.booked-summary").text()).startsWith("10,000 entries booked");
        assertThat(jdbc.sql("SELECT count(*) FROM ledger_entry WHERE instance_id = ?").param(server.id())
                .query(Integer.class).single()).isEqualTo(10_000);
        System.out.printf("10,000-row import (%d KB): read and previewed in %d ms, booked in %d ms%n",
                bytes.length / 1024, (read - started) / 1_000_000, (done - read) / 1_000_000);
        // Generous on a shared machine; the figures above are what to report.
        assertThat((done - started) / 1_000_000).isLessThan(60_000);
    }

    private static String csrf(Browser.Page page) {
        return page.document().selectFirst("input[name=_csrf]").attr("value");
    }
}
