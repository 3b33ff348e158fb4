package social.upkeep.imports.internal;

import java.time.LocalDate;
import org.jspecify.annotations.Nullable;
import social.upkeep.ledger.EntryKind;
import social.upkeep.shared.Money;

/**
 * What one line of an export would book, or why it books nothing. A line may make two (an income and its fee).
 * {@code amount} is in the line's own currency; {@code booked}, when the export names it, in the server's.
 */
record ImportLine(int line, Status status, @Nullable String reason, @Nullable String reasonArg,
        @Nullable EntryKind kind, @Nullable LocalDate on, @Nullable Money amount, @Nullable Money booked,
        @Nullable String sourceKey, String description) {

    /** OK: to be booked; REFUSED: something in it is wrong; SKIPPED: not income, a fee or a refund. */
    enum Status { OK, REFUSED, SKIPPED }

    static ImportLine ok(int line, EntryKind kind, LocalDate on, Money amount, @Nullable Money booked, String key,
            String description) {
        return new ImportLine(line, Status.OK, null, null, kind, on, amount, booked, key, description);
    }

    static ImportLine refused(int line, String reason, @Nullable String column) {
        return new ImportLine(line, Status.REFUSED, reason, column, null, null, null, null, null, "");
    }

    static ImportLine skipped(int line, String reason, @Nullable String what) {
        return new ImportLine(line, Status.SKIPPED, reason, what, null, null, null, null, null, "");
    }
}
