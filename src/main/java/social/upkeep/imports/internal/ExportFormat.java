package social.upkeep.imports.internal;

import java.time.ZoneId;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One platform's CSV export: which columns it must have, and what each of its records books. */
interface ExportFormat {

    /** What every record is read against: the server's currency and time zone, and the rows read so far. */
    final class Context {

        final Currency currency;
        final ZoneId zone;
        private final Map<String, Integer> seen = new HashMap<>();

        Context(Currency currency, ZoneId zone) {
            this.currency = currency;
            this.zone = zone;
        }

        /**
         * A key for a row without an id of its own: its hash, and how many identical rows came before it in this
         * file, so two equal donations in one export stay two, and an overlapping export finds the same keys.
         */
        String keyOf(String prefix, Map<String, String> fields) {
            String hash = Fields.hash(fields);
            int earlier = seen.merge(hash, 1, Integer::sum) - 1;
            return prefix + hash + (earlier == 0 ? "" : "#" + earlier);
        }
    }

    /** The format's name in URLs and forms, and the income source category its income is booked under. */
    String id();

    /** The columns the file lacks to be this format's export (as the header should name them); empty when none. */
    List<String> missingColumns(CsvFile file);

    /** What the record books (an income and its fee, say), or why it books nothing. */
    List<ImportLine> read(CsvFile.Record record, Context context);
}
