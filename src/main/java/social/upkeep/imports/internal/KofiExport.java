package social.upkeep.imports.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import social.upkeep.ledger.EntryKind;
import social.upkeep.shared.InvalidAmount;
import social.upkeep.shared.Money;

/**
 * Ko-fi's transactions export (Payments &amp; Orders → export): one row per payment with "DateTime (UTC)",
 * "From", "Received", "Given", "Currency", "TransactionType" and "TransactionId". Ko-fi documents no CSV layout;
 * the columns follow the export as downloaded and the fields of Ko-fi's documented webhook (type Donation,
 * Subscription, Commission or Shop Order; kofi_transaction_id), which the export mirrors. Money received is
 * income, a negative amount received a refund; money the creator gave others is left out. Ko-fi pays into the
 * creator's own PayPal or Stripe account, whose fees the export does not show.
 */
final class KofiExport implements ExportFormat {

    static final String[] DATE = {"DateTime (UTC)", "DateTime", "Date", "timestamp"};
    static final String[] RECEIVED = {"Received", "Amount", "amount"};
    static final String[] CURRENCY = {"Currency", "currency"};
    static final String[] ID = {"TransactionId", "Transaction Id", "Transaction ID", "kofi_transaction_id"};
    static final String[] TYPE = {"TransactionType", "Transaction Type", "Type", "type"};

    @Override
    public String id() {
        return "ko-fi";
    }

    @Override
    public List<String> missingColumns(CsvFile file) {
        List<String> missing = new ArrayList<>();
        for (String[] column : List.of(DATE, RECEIVED, CURRENCY, ID)) {
            if (!file.has(column)) {
                missing.add(column[0]);
            }
        }
        return missing;
    }

    @Override
    public List<ImportLine> read(CsvFile.Record record, Context context) {
        int line = record.line();
        String id = record.get(ID);
        if (id == null || id.isBlank()) {
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
        String received = record.get(RECEIVED);
        String type = String.valueOf(record.get(TYPE));
        if (received == null || received.isBlank()) {
            return List.of(ImportLine.skipped(line, "imports.skipped.not-income", type));
        }
        Money amount;
        try {
            amount = Fields.amount(received, currency.get(), false);
        } catch (InvalidAmount e) {
            return List.of(ImportLine.refused(line, "imports.refused.amount", RECEIVED[0]));
        }
        if (amount.isZero()) {
            return List.of(ImportLine.skipped(line, "imports.skipped.zero", type));
        }
        String key = "import:ko-fi:" + id;
        return List.of(amount.isPositive()
                ? ImportLine.ok(line, EntryKind.MANUAL_INCOME, on.get(), amount, null, key, "Ko-fi " + type)
                : ImportLine.ok(line, EntryKind.REFUND, on.get(), amount, null, key, "Ko-fi refund"));
    }
}
