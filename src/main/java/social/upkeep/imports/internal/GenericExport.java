package social.upkeep.imports.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import social.upkeep.ledger.EntryKind;
import social.upkeep.shared.InvalidAmount;
import social.upkeep.shared.Money;

/**
 * Any CSV, read through the operator's column mapping: a positive amount is income, a negative one a refund, a fee
 * column books the fee beside it, and a booked-amount column gives what a foreign-currency row is worth in the
 * server's currency (as manual income asks).
 */
final class GenericExport implements ExportFormat {

    private final ColumnMapping mapping;

    GenericExport(ColumnMapping mapping) {
        this.mapping = mapping;
    }

    @Override
    public String id() {
        return "other";
    }

    @Override
    public List<String> missingColumns(CsvFile file) {
        List<String> missing = new ArrayList<>();
        for (String column : new String[] {mapping.date(), mapping.amount(), mapping.currency(), mapping.fee(),
                mapping.reference(), mapping.description(), mapping.booked()}) {
            if (column != null && !file.has(column)) {
                missing.add(column);
            }
        }
        return missing;
    }

    @Override
    public List<ImportLine> read(CsvFile.Record record, Context context) {
        int line = record.line();
        String dateText = String.valueOf(record.get(mapping.date()));
        Optional<LocalDate> on = "iso".equals(mapping.dateFormat()) ? Fields.day(dateText, context.zone)
                : Fields.day(dateText, mapping.dateFormat());
        if (on.isEmpty()) {
            return List.of(ImportLine.refused(line, "imports.refused.date", mapping.date()));
        }
        Currency currency = context.currency;
        if (mapping.currency() != null) {
            var named = Fields.currency(String.valueOf(record.get(mapping.currency())));
            if (named.isEmpty()) {
                return List.of(ImportLine.refused(line, "imports.refused.currency", mapping.currency()));
            }
            currency = named.get();
        }
        Money amount;
        try {
            amount = Fields.amount(String.valueOf(record.get(mapping.amount())), currency, mapping.decimalComma());
        } catch (InvalidAmount e) {
            return List.of(ImportLine.refused(line, "imports.refused.amount", mapping.amount()));
        }
        if (amount.isZero()) {
            return List.of(ImportLine.skipped(line, "imports.skipped.zero", ""));
        }
        Money booked = null;
        if (mapping.booked() != null && !String.valueOf(record.get(mapping.booked())).isBlank()) {
            try {
                booked = Fields.amount(String.valueOf(record.get(mapping.booked())), context.currency,
                        mapping.decimalComma());
            } catch (InvalidAmount e) {
                return List.of(ImportLine.refused(line, "imports.refused.amount", mapping.booked()));
            }
            if (booked.isZero() || booked.isNegative() != amount.isNegative()) {
                return List.of(ImportLine.refused(line, "imports.refused.booked-sign", mapping.booked()));
            }
        }
        Money fee = Money.zero(currency);
        if (mapping.fee() != null && !String.valueOf(record.get(mapping.fee())).isBlank()) {
            try {
                fee = Fields.amount(String.valueOf(record.get(mapping.fee())), currency, mapping.decimalComma());
            } catch (InvalidAmount e) {
                return List.of(ImportLine.refused(line, "imports.refused.amount", mapping.fee()));
            }
        }
        String reference = mapping.reference() == null ? null : record.get(mapping.reference());
        String key = reference != null && !reference.isBlank() ? "import:other:" + reference.strip()
                : context.keyOf("import:other:", record.fields());
        if (key.length() > 190) {
            return List.of(ImportLine.refused(line, "imports.refused.reference", mapping.reference()));
        }
        String text = mapping.description() == null ? "" : String.valueOf(record.get(mapping.description()));
        String description = text.isBlank() ? "Imported income" : text.length() > 200 ? text.substring(0, 200) : text;
        List<ImportLine> lines = new ArrayList<>();
        lines.add(ImportLine.ok(line, amount.isPositive() ? EntryKind.MANUAL_INCOME : EntryKind.REFUND, on.get(),
                amount, booked, key, description));
        if (!fee.isZero()) {
            lines.add(ImportLine.ok(line, EntryKind.PROCESSOR_FEE, on.get(), fee.isNegative() ? fee : fee.negate(),
                    null, key + ":fee", "Fee: " + description));
        }
        return lines;
    }
}
