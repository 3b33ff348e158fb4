package social.upkeep.imports.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import social.upkeep.ledger.EntryKind;
import social.upkeep.shared.Money;

/**
 * Each platform's export, read from sample files written for these tests after each platform's own description
 * of its columns (cited in each format's class): Open Collective's after opencollective-rest's
 * account-transactions.ts (labels and field names, and the "Platform Default" layout hledger's rules quote),
 * Liberapay's after liberapay.com's history.py, Patreon's after its Help Center's Earnings dashboard, Ko-fi's after
 * its export and webhook fields. Quoted fields with commas and line breaks, byte-order marks, decimal commas.
 */
class ExportFormatsTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final Currency EUR = Currency.getInstance("EUR");

    static byte[] sample(String name) throws IOException {
        try (InputStream in = ExportFormatsTest.class.getResourceAsStream("/imports/" + name)) {
            return in.readAllBytes();
        }
    }

    static List<ImportLine> read(ExportFormat format, byte[] bytes) {
        CsvFile file = CsvFile.read(bytes);
        assertThat(format.missingColumns(file)).isEmpty();
        var context = new ExportFormat.Context(EUR, BERLIN);
        List<ImportLine> lines = new ArrayList<>();
        file.records.forEach(record -> lines.addAll(format.read(record, context)));
        return lines;
    }

    static String describe(ImportLine line) {
        return switch (line.status()) {
            case OK -> line.line() + " " + line.kind() + " " + line.on() + " " + money(line.amount()) + " "
                    + line.sourceKey();
            case REFUSED -> line.line() + " refused " + line.reason() + " " + line.reasonArg();
            case SKIPPED -> line.line() + " skipped " + line.reason() + " " + line.reasonArg();
        };
    }

    static String money(Money amount) {
        return amount.currency().getCurrencyCode() + " " + amount.toMajor().toPlainString();
    }

    @Test
    void openCollectiveContributionsFeesAndRefundsAreBookedAndExpensesLeftOut() throws IOException {
        byte[] bytes = sample("open-collective.csv");
        assertThat(bytes[0]).as("the sample starts with a byte-order mark").isEqualTo((byte) 0xEF);
        assertThat(read(new OpenCollectiveExport(), bytes)).extracting(ExportFormatsTest::describe).containsExactly(
                "2 MANUAL_INCOME 2026-03-23 EUR 2.00 import:open-collective:11299548",
                "3 PROCESSOR_FEE 2026-03-23 EUR -0.59 import:open-collective:11299545",
                "4 PROCESSOR_FEE 2026-03-23 EUR -0.20 import:open-collective:11299543",
                // A quoted description with a comma, quotes and a line break: one record, on the line it starts.
                "5 MANUAL_INCOME 2026-04-02 EUR 25.50 import:open-collective:11300001",
                "7 REFUND 2026-04-10 EUR -25.50 import:open-collective:11300020",
                "8 skipped imports.skipped.not-income EXPENSE",
                "9 MANUAL_INCOME 2026-04-20 USD 10.00 import:open-collective:11300040",
                "10 refused imports.refused.date Effective Date & Time");
    }

    @Test
    void openCollectiveWithTheFeeInAColumnBooksTheGrossAndTheFee() throws IOException {
        assertThat(read(new OpenCollectiveExport(), sample("open-collective-fee-column.csv")))
                .extracting(ExportFormatsTest::describe).containsExactly(
                        "2 MANUAL_INCOME 2026-05-01 EUR 10.00 import:open-collective:8b272eb0",
                        "2 PROCESSOR_FEE 2026-05-01 EUR -0.59 import:open-collective:8b272eb0:fee");
    }

    @Test
    void liberapayDonationsAreKeyedByTheirHashAndTwoEqualRowsStayTwo() throws IOException {
        List<ImportLine> lines = read(new LiberapayExport(), sample("liberapay-received.csv"));
        assertThat(lines).extracting(line -> line.line() + " " + line.status() + " "
                + (line.amount() == null ? "null" : money(line.amount())))
                .containsExactly("2 OK EUR 12.50", "3 OK EUR 12.50", "4 OK EUR 12.50", "5 SKIPPED null",
                        "6 OK USD 20.00", "7 REFUSED null");
        assertThat(lines.get(1).sourceKey()).startsWith("import:liberapay:").doesNotContain("#");
        assertThat(lines.get(2).sourceKey()).isEqualTo(lines.get(1).sourceKey() + "#1");
        assertThat(lines.get(0).sourceKey()).isNotEqualTo(lines.get(1).sourceKey());
        assertThat(lines.get(0).on()).isEqualTo(LocalDate.of(2026, 2, 5));
        // 23:30 UTC on the 1st is already the 2nd in Berlin.
        assertThat(lines.get(4).on()).isEqualTo(LocalDate.of(2026, 3, 2));
        // The same export read again gives the same keys: importing it twice books nothing twice.
        assertThat(read(new LiberapayExport(), sample("liberapay-received.csv"))).extracting(ImportLine::sourceKey)
                .isEqualTo(lines.stream().map(ImportLine::sourceKey).toList());
    }

    @Test
    void patreonMonthsAreAnIncomeAndItsFeesInThePayoutCurrency() throws IOException {
        assertThat(read(new PatreonExport(), sample("patreon-earnings.csv"))).extracting(ExportFormatsTest::describe)
                .containsExactly("2 MANUAL_INCOME 2026-01-01 USD 1234.56 import:patreon:2026-01",
                        "2 PROCESSOR_FEE 2026-01-01 USD -143.86 import:patreon:2026-01:fees",
                        "3 MANUAL_INCOME 2026-02-01 USD 980.00 import:patreon:2026-02",
                        "3 PROCESSOR_FEE 2026-02-01 USD -114.60 import:patreon:2026-02:fees");
    }

    @Test
    void kofiMoneyReceivedIsIncomeAndMoneyGivenIsLeftOut() throws IOException {
        assertThat(read(new KofiExport(), sample("ko-fi.csv"))).extracting(ExportFormatsTest::describe)
                .containsExactly(
                        "2 MANUAL_INCOME 2026-01-15 EUR 5.00 import:ko-fi:2f4c1e9a-0000-4a88-8426-000000000001",
                        "3 skipped imports.skipped.not-income Donation",
                        "4 MANUAL_INCOME 2026-02-01 EUR 7.00 import:ko-fi:2f4c1e9a-0000-4a88-8426-000000000003");
    }

    @Test
    void aGenericFileWithSemicolonsADecimalCommaAndGermanDatesIsReadThroughItsMapping() throws IOException {
        var mapping = ColumnMapping.of(Map.of("dateColumn", "Datum", "amountColumn", "Betrag", "currencyColumn",
                "Währung", "feeColumn", "Gebühr", "referenceColumn", "Referenz", "descriptionColumn", "Beschreibung",
                "dateFormat", "dd.MM.yyyy", "decimal", "comma"));
        assertThat(mapping.problem()).isNull();
        List<ImportLine> lines = read(new GenericExport(mapping), sample("generic.csv"));
        assertThat(lines).extracting(ExportFormatsTest::describe).startsWith(
                "2 MANUAL_INCOME 2026-01-03 EUR 1234.50 import:other:BANK-1",
                "2 PROCESSOR_FEE 2026-01-03 EUR -12.35 import:other:BANK-1:fee",
                "3 REFUND 2026-01-04 EUR -50.00 import:other:BANK-2");
        assertThat(lines.get(0).description()).isEqualTo("Spende Verein; Januar");
        assertThat(lines.get(3).amount()).isEqualTo(Money.of(1250, "EUR"));
        assertThat(lines.get(4).sourceKey()).isEqualTo(lines.get(3).sourceKey() + "#1");
    }

    @Test
    void aMappingNeedsDateAndAmountAndOneColumnForEachThing() {
        assertThat(ColumnMapping.of(Map.of("dateColumn", "Date")).problem()).isEqualTo("imports.mapping.date-and-amount");
        assertThat(ColumnMapping.of(Map.of("dateColumn", "Date", "amountColumn", "date")).problem())
                .isEqualTo("imports.mapping.twice");
        var mapping = ColumnMapping.of(Map.of("dateColumn", "Date", "amountColumn", "Amount", "dateFormat",
                "<script>", "decimal", "comma"));
        assertThat(mapping.dateFormat()).isEqualTo("iso");
        assertThat(ColumnMapping.fromJson(mapping.toJson())).isEqualTo(mapping);
    }

    @Test
    void aFileOfAnotherPlatformOrNoCsvAtAllIsRefusedWithTheReason() throws IOException {
        assertThat(new OpenCollectiveExport().missingColumns(CsvFile.read(sample("ko-fi.csv"))))
                .contains("Effective Date & Time", "Credit/Debit", "Kind");
        assertThatThrownBy(() -> CsvFile.read(new byte[] {(byte) 0xC3, (byte) 0x28, 0x50, 0x4B}))
                .isInstanceOfSatisfying(CsvFile.Unreadable.class,
                        e -> assertThat(e.messageKey).isEqualTo("imports.unreadable.encoding"));
        assertThatThrownBy(() -> CsvFile.read("a,b\n1,\"open\n2,3\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(CsvFile.Unreadable.class,
                        e -> assertThat(e.messageKey).isEqualTo("imports.unreadable.quotes"));
        assertThatThrownBy(() -> CsvFile.read(new byte[0])).isInstanceOf(CsvFile.Unreadable.class);
    }

    @Test
    void absurdAmountsAndUnknownCurrenciesAreRefusedNotGuessed() {
        String csv = "Date,Amount,Currency\n2026-01-01,99999999999999,EUR\n2026-01-02,5,XXQ\n2026-01-03,5e3,EUR\n";
        var mapping = ColumnMapping.of(Map.of("dateColumn", "Date", "amountColumn", "Amount", "currencyColumn",
                "Currency"));
        assertThat(read(new GenericExport(mapping), csv.getBytes(StandardCharsets.UTF_8)))
                .extracting(ExportFormatsTest::describe).containsExactly(
                        "2 refused imports.refused.amount Amount", "3 refused imports.refused.currency Currency",
                        "4 refused imports.refused.amount Amount");
    }
}
