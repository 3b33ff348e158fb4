package social.upkeep.instance;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Currency;
import org.jspecify.annotations.Nullable;
import social.upkeep.shared.Money;

/**
 * A server's profile. The reporting currency is fixed once created: every ledger entry is in it.
 * Without a goal of its own, the month's costs are the goal.
 */
public record Instance(long id, String host, String displayName, Currency currency, ZoneId timeZone,
        LocalDate foundedOn, @Nullable Money monthlyGoal, @Nullable Integer activeUsers, boolean demo,
        Instant createdAt) {

    public LocalDate today(java.time.Clock clock) {
        return LocalDate.ofInstant(clock.instant(), timeZone);
    }

    public YearMonth currentMonth(java.time.Clock clock) {
        return YearMonth.from(today(clock));
    }
}
