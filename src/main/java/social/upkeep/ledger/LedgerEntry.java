package social.upkeep.ledger;

import java.time.LocalDate;
import org.jspecify.annotations.Nullable;
import social.upkeep.shared.Money;

/** A booked entry, as read back. */
public record LedgerEntry(long id, long instanceId, EntryKind kind, Money amount, @Nullable Money original,
        LocalDate bookedOn, String description, @Nullable String category, String sourceKey,
        @Nullable Long reversesId) {
}
