package social.upkeep.shared;

import java.util.List;

/**
 * RFC 4180 CSV. Text that a spreadsheet would run as a formula (=, +, -, @ at the start) is prefixed with
 * an apostrophe, so a vendor named "=HYPERLINK(...)" stays text in the accountant's spreadsheet.
 */
public final class CsvWriter {

    private final StringBuilder out = new StringBuilder();

    public CsvWriter row(List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(i)));
        }
        out.append("\r\n");
        return this;
    }

    /** Text cells get the formula guard; numbers are written as they are. */
    public static String text(String value) {
        if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            return "'" + value;
        }
        return value;
    }

    private static String cell(String value) {
        if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
