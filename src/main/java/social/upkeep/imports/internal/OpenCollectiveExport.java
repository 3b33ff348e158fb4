package social.upkeep.imports.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import social.upkeep.ledger.EntryKind;
import social.upkeep.shared.InvalidAmount;
import social.upkeep.shared.Money;

/**
 * Open Collective's transactions export (the dashboard's "Export CSV", or rest.opencollective.com/v2/{slug}/
 * transactions.csv), read after the columns opencollective-rest writes (src/server/controllers/
 * account-transactions.ts: its field names, or with useFieldNames the labels such as "Date & Time", "Credit/Debit",
 * "Amount Single Column"). Contributions and added funds are income, with their payment processor fee when the
 * export puts it in a column; processor, host and platform fees are fees; a refunded contribution is a refund.
 * Expenses and transfers between accounts are left out: Upkeep books its own costs.
 */
final class OpenCollectiveExport implements ExportFormat {

    static final String[] DATE = {"Effective Date & Time", "Date & Time", "effectiveDate", "datetime", "Date", "date"};
    static final String[] ID = {"Transaction ID", "legacyId", "Transaction GraphQL ID", "id", "Short Transaction ID",
            "shortId"};
    static final String[] TYPE = {"Credit/Debit", "type"};
    static final String[] KIND = {"Kind", "kind"};
    static final String[] GROSS = {"Gross Amount", "amount"};
    static final String[] NET = {"Amount Single Column", "netAmount"};
    static final String[] CURRENCY = {"Currency", "currency"};
    static final String[] FEE = {"Payment Processor Fee", "paymentProcessorFee"};
    static final String[] REFUND = {"Is Refund", "isRefund", "Is Reverse", "isReverse"};
    static final String[] DESCRIPTION = {"Description", "description"};

    private static final Set<String> INCOME = Set.of("CONTRIBUTION", "ADDED_FUNDS");
    private static final Set<String> FEES = Set.of("PAYMENT_PROCESSOR_FEE", "HOST_FEE", "PLATFORM_FEE",
            "PAYMENT_PROCESSOR_DISPUTE_FEE");

    @Override
    public String id() {
        return "open-collective";
    }

    @Override
    public List<String> missingColumns(CsvFile file) {
        List<String> missing = new ArrayList<>();
        for (String[] column : List.of(DATE, TYPE, KIND, CURRENCY)) {
            if (!file.has(column)) {
                missing.add(column[0]);
            }
        }
        if (!file.has(GROSS) && !file.has(NET)) {
            missing.add(NET[0]);
        }
        if (!file.has(ID)) {
            missing.add(ID[0]);
        }
        return missing;
    }

    @Override
    public List<ImportLine> read(CsvFile.Record record, Context context) {
        int line = record.line();
        String id = record.get(ID);
        if (id == null || id.isEmpty()) {
            return List.of(ImportLine.refused(line, "imports.refused.missing", ID[0]));
        }
        Optional<LocalDate> on = Fields.day(String.valueOf(record.get(DATE)), context.zone);
        if (on.isEmpty()) {
            return List.of(ImportLine.refused(line, "imports.refused.date", DATE[0]));
        }
        var currency = Fields.currency(String.valueOf(record.get(CURRENCY)));
        if (currency.isEmpty()) {
            return List.of(ImportLine.refused(line, "imports.refused.currency", CURRENCY[0]));
        }
        String type = String.valueOf(record.get(TYPE)).toUpperCase(Locale.ROOT);
        String kind = String.valueOf(record.get(KIND)).toUpperCase(Locale.ROOT);
        boolean refund = !String.valueOf(record.get(REFUND)).isBlank();
        String fee = record.get(FEE);
        boolean feeColumn = fee != null && !fee.isBlank();
        Money amount;
        Money feeAmount;
        try {
            // The gross amount where the export has it; else the single column, which is net of the processor fee
            // when that fee has a column of its own.
            String gross = record.get(GROSS);
            feeAmount = feeColumn ? Fields.amount(fee, currency.get(), false) : Money.zero(currency.get());
            amount = gross != null && !gross.isBlank() ? Fields.amount(gross, currency.get(), false)
                    : Fields.amount(String.valueOf(record.get(NET)), currency.get(), false).minus(feeAmount);
        } catch (InvalidAmount e) {
            return List.of(ImportLine.refused(line, "imports.refused.amount", NET[0]));
        }
        if (amount.isZero()) {
            return List.of(ImportLine.skipped(line, "imports.skipped.zero", kind));
        }
        String key = "import:open-collective:" + id;
        String description = "Open Collective " + kind.toLowerCase(Locale.ROOT).replace('_', ' ') + " " + id;
        if (INCOME.contains(kind) && "CREDIT".equals(type) && !refund && amount.isPositive()) {
            List<ImportLine> lines = new ArrayList<>();
            lines.add(ImportLine.ok(line, EntryKind.MANUAL_INCOME, on.get(), amount, null, key, description));
            if (!feeAmount.isZero()) {
                Money negative = feeAmount.isNegative() ? feeAmount : feeAmount.negate();
                lines.add(ImportLine.ok(line, EntryKind.PROCESSOR_FEE, on.get(), negative, null, key + ":fee",
                        "Open Collective payment processor fee " + id));
            }
            return lines;
        }
        if (INCOME.contains(kind) && "DEBIT".equals(type)) {
            Money negative = amount.isNegative() ? amount : amount.negate();
            return List.of(ImportLine.ok(line, EntryKind.REFUND, on.get(), negative, null, key,
                    "Open Collective refund " + id));
        }
        if (FEES.contains(kind) && "DEBIT".equals(type)) {
            Money negative = amount.isNegative() ? amount : amount.negate();
            return List.of(ImportLine.ok(line, EntryKind.PROCESSOR_FEE, on.get(), negative, null, key, description));
        }
        if (FEES.contains(kind) && "CREDIT".equals(type)) {
            // A fee given back with a refund.
            Money positive = amount.isNegative() ? amount.negate() : amount;
            return List.of(ImportLine.ok(line, EntryKind.ADJUSTMENT, on.get(), positive, null, key, description));
        }
        return List.of(ImportLine.skipped(line, "imports.skipped.not-income", kind));
    }
}
