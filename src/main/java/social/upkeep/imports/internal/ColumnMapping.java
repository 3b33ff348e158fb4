package social.upkeep.imports.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which columns of a generic CSV hold what, how its dates are written and whether it uses a decimal comma. Only
 * date and amount are needed: without a currency column every row is in the server's currency; without a
 * reference each row is keyed by its hash.
 */
record ColumnMapping(String date, String amount, @Nullable String currency, @Nullable String fee,
        @Nullable String reference, @Nullable String description, @Nullable String booked, String dateFormat,
        boolean decimalComma) {

    static final List<String> DATE_FORMATS = List.of("iso", "dd.MM.yyyy", "dd/MM/yyyy", "MM/dd/yyyy");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The mapping a form sent, or null with the problem's message key when it is not usable. */
    static ColumnMapping of(Map<String, String> form) {
        String format = form.getOrDefault("dateFormat", "iso");
        return new ColumnMapping(column(form, "dateColumn"), column(form, "amountColumn"),
                blankToNull(column(form, "currencyColumn")), blankToNull(column(form, "feeColumn")),
                blankToNull(column(form, "referenceColumn")), blankToNull(column(form, "descriptionColumn")),
                blankToNull(column(form, "bookedColumn")), DATE_FORMATS.contains(format) ? format : "iso",
                "comma".equals(form.get("decimal")));
    }

    /** The message key of what is wrong with it, or null. */
    @Nullable String problem() {
        if (date.isBlank() || amount.isBlank()) {
            return "imports.mapping.date-and-amount";
        }
        var named = new java.util.ArrayList<String>();
        for (String column : new String[] {date, amount, currency, fee, reference, description, booked}) {
            if (column != null) {
                if (column.length() > 100) {
                    return "imports.mapping.too-long";
                }
                named.add(CsvFile.normal(column));
            }
        }
        return Set.copyOf(named).size() == named.size() ? null : "imports.mapping.twice";
    }

    String toJson() {
        return JSON.writeValueAsString(this);
    }

    static ColumnMapping fromJson(String json) {
        return JSON.readValue(json, ColumnMapping.class);
    }

    private static String column(Map<String, String> form, String name) {
        return form.getOrDefault(name, "").strip();
    }

    private static @Nullable String blankToNull(String value) {
        return value.isBlank() ? null : value;
    }
}
