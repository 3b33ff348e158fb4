package social.upkeep.imports.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import social.upkeep.ledger.EntryKind;
import social.upkeep.shared.InvalidAmount;
import social.upkeep.shared.Money;

/**
 * Liberapay's history export (liberapay.com/~{username}/wallet/export.csv?year=YYYY&key=received, or key=taken
 * for a team's members), read after liberapay.com's liberapay/utils/history.py export_history: "received" has the
 * columns timestamp, amount, context; "taken" has timestamp, team_url, team_username, amount. A timestamp is
 * Python's str of an aware datetime ("2024-03-01 12:34:56.789012+00:00"), an amount its Money str ("12.50 EUR").
 * Rows have no id: each is keyed by its hash. Donations (tips, takes, final gifts) are income; other contexts
 * (refunds, chargebacks, debts, account switches) are left out. Liberapay's fees are the donor's, so none here.
 */
final class LiberapayExport implements ExportFormat {

    private static final Set<String> DONATIONS = Set.of("tip", "tip-in-advance", "partial-tip", "tip-in-arrears",
            "final-gift", "take", "take-in-advance", "partial-take", "take-in-arrears", "leftover-take");

    @Override
    public String id() {
        return "liberapay";
    }

    @Override
    public List<String> missingColumns(CsvFile file) {
        List<String> missing = new ArrayList<>();
        for (String column : List.of("timestamp", "amount")) {
            if (!file.has(column)) {
                missing.add(column);
            }
        }
        if (!file.has("context") && !file.has("team_url")) {
            missing.add("context");
        }
        return missing;
    }

    @Override
    public List<ImportLine> read(CsvFile.Record record, Context context) {
        int line = record.line();
        Optional<LocalDate> on = Fields.day(String.valueOf(record.get("timestamp")), context.zone);
        if (on.isEmpty()) {
            return List.of(ImportLine.refused(line, "imports.refused.date", "timestamp"));
        }
        String kind = record.get("context");
        String what = kind == null ? "take" : kind;
        if (!DONATIONS.contains(what)) {
            return List.of(ImportLine.skipped(line, "imports.skipped.not-income", what));
        }
        String[] parts = String.valueOf(record.get("amount")).strip().split("\\s+");
        var currency = parts.length == 2 ? Fields.currency(parts[1]) : Optional.<java.util.Currency>empty();
        if (currency.isEmpty()) {
            return List.of(ImportLine.refused(line, "imports.refused.currency", "amount"));
        }
        Money amount;
        try {
            amount = Fields.amount(parts[0], currency.get(), false);
        } catch (InvalidAmount e) {
            return List.of(ImportLine.refused(line, "imports.refused.amount", "amount"));
        }
        if (!amount.isPositive()) {
            return List.of(ImportLine.skipped(line, "imports.skipped.zero", what));
        }
        return List.of(ImportLine.ok(line, EntryKind.MANUAL_INCOME, on.get(), amount, null,
                context.keyOf("import:liberapay:", record.fields()), "Liberapay donation (" + what + ")"));
    }
}
