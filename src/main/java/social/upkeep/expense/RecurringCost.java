package social.upkeep.expense;

import java.time.LocalDate;
import org.jspecify.annotations.Nullable;
import social.upkeep.shared.Money;

/** A cost booked every month on the same day, such as the hosting bill, from its start until its end. */
public record RecurringCost(long id, long instanceId, String category, String vendor, String description, Money charged,
        Money booked, int dayOfMonth, LocalDate startsOn, @Nullable LocalDate endsOn) {
}
