package social.upkeep.imports.internal;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import social.upkeep.ledger.EntryKind;
import social.upkeep.shared.InvalidAmount;
import social.upkeep.shared.Money;

/**
 * Patreon's earnings, month by month, as its Earnings dashboard lists them and downloads them as CSV (Patreon Help
 * Center, "What is the dashboard?" and "Insights: what's changed", support.patreon.com): the month, the processed
 * payments (less refunds), the processing fees, Patreon's fee, and the creator's share. Each month is one income
 * on its first day (Patreon processes monthly payments on the 1st) and one fee; the key is the month, so a later
 * export of the same months books nothing twice. Amounts carry the payout currency's symbol ("$1,234.56"), or a
 * Currency column names it.
 */
final class PatreonExport implements ExportFormat {

    static final String[] MONTH = {"Month", "Date"};
    static final String[] PROCESSED = {"Processed pledges", "Processed payments", "Total processed", "Processed"};
    static final String[] PROCESSING_FEES = {"Processing fees", "Payment processing fees", "Processing fee"};
    static final String[] PLATFORM_FEES = {"Patreon fee", "Patreon fees", "Platform fee", "Platform fees"};
    static final String[] CURRENCY = {"Currency"};
    private static final List<DateTimeFormatter> MONTHS = List.of(DateTimeFormatter.ofPattern("yyyy-MM"),
            DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH), DateTimeFormatter.ofPattern("MMM yyyy",
                    Locale.ENGLISH), DateTimeFormatter.ofPattern("MM/yyyy"));

    @Override
    public String id() {
        return "patreon";
    }

    @Override
    public List<String> missingColumns(CsvFile file) {
        List<String> missing = new ArrayList<>();
        for (String[] column : List.of(MONTH, PROCESSED)) {
            if (!file.has(column)) {
                missing.add(column[0]);
            }
        }
        return missing;
    }

    @Override
    public List<ImportLine> read(CsvFile.Record record, Context context) {
        int line = record.line();
        Optional<YearMonth> month = month(String.valueOf(record.get(MONTH)));
        if (month.isEmpty()) {
            return List.of(ImportLine.refused(line, "imports.refused.date", MONTH[0]));
        }
        String processed = String.valueOf(record.get(PROCESSED));
        String code = record.get(CURRENCY);
        Optional<Currency> currency = code != null && !code.isBlank() ? Fields.currency(code)
                : Fields.currencyOfSymbol(processed).or(() -> Optional.of(context.currency));
        if (currency.isEmpty()) {
            return List.of(ImportLine.refused(line, "imports.refused.currency", CURRENCY[0]));
        }
        Money income;
        Money fees;
        try {
            income = Fields.amount(processed, currency.get(), false);
            fees = fee(record.get(PROCESSING_FEES), currency.get()).plus(fee(record.get(PLATFORM_FEES), currency.get()));
        } catch (InvalidAmount e) {
            return List.of(ImportLine.refused(line, "imports.refused.amount", PROCESSED[0]));
        }
        LocalDate on = month.get().atDay(1);
        String key = "import:patreon:" + month.get();
        List<ImportLine> lines = new ArrayList<>();
        if (income.isPositive()) {
            lines.add(ImportLine.ok(line, EntryKind.MANUAL_INCOME, on, income, null, key, "Patreon " + month.get()));
        } else if (income.isNegative()) {
            lines.add(ImportLine.ok(line, EntryKind.REFUND, on, income, null, key, "Patreon refunds " + month.get()));
        }
        if (!fees.isZero()) {
            lines.add(ImportLine.ok(line, EntryKind.PROCESSOR_FEE, on, fees.isNegative() ? fees : fees.negate(), null,
                    key + ":fees", "Patreon fees " + month.get()));
        }
        return lines.isEmpty() ? List.of(ImportLine.skipped(line, "imports.skipped.zero", month.get().toString()))
                : lines;
    }

    private static Money fee(String text, Currency currency) {
        return text == null || text.isBlank() ? Money.zero(currency) : Fields.amount(text, currency, false);
    }

    private static Optional<YearMonth> month(String text) {
        String value = text.strip();
        for (DateTimeFormatter format : MONTHS) {
            try {
                return Optional.of(YearMonth.parse(value, format));
            } catch (DateTimeParseException next) {
                // the next spelling
            }
        }
        return Optional.empty();
    }
}
