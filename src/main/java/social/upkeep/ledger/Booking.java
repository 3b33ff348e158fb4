package social.upkeep.ledger;

import java.time.LocalDate;
import org.jspecify.annotations.Nullable;
import social.upkeep.shared.Money;

/**
 * One fact to book. The source key names the fact ("expense:42:v1", a Stripe balance transaction id), so
 * booking it again books nothing. The original amount is what was charged when that was another currency.
 */
public record Booking(long instanceId, EntryKind kind, Money amount, @Nullable Money original, LocalDate bookedOn,
        String description, @Nullable String category, String sourceKey) {
}
