package social.upkeep.transparency.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;
import social.upkeep.ledger.ClosedMonth;
import social.upkeep.shared.Money;

/**
 * How long the money lasts. The average net monthly cost is costs minus income averaged over the last
 * three closed months (fewer while fewer are closed); the balance divided by it, in days of an average
 * month, counted from today, is the day the money runs out.
 */
public record Runway(Status status, @Nullable LocalDate fundedUntil, @Nullable Money averageNetCost, int monthsUsed) {

    public enum Status {
        /** The balance lasts until {@code fundedUntil}. */
        FUNDED_UNTIL,
        /** Income covered costs on average: the balance is not shrinking. */
        SUSTAINABLE,
        /** Costs exceed income and nothing is left. */
        EXHAUSTED,
        /** Not enough data yet: no month has been closed, or the closed ones are empty. */
        UNKNOWN
    }

    static final int MONTHS = 3;
    /** 365.2425 / 12 days, kept exact. */
    private static final BigDecimal DAYS_PER_MONTH = new BigDecimal("30.436875");

    static Runway of(Money balance, List<ClosedMonth> newestFirst, LocalDate today) {
        List<ClosedMonth> used = newestFirst.stream().limit(MONTHS).toList();
        // Closed months with nothing in them say nothing about how long money lasts: not "sustainable".
        if (used.stream().allMatch(month -> month.costs().isZero() && month.income().isZero()
                && month.net().isZero())) {
            return new Runway(Status.UNKNOWN, null, null, 0);
        }
        long net = used.stream().mapToLong(month -> month.net().minor()).sum();
        Money averageCost = new Money(-Math.floorDiv(net, used.size()), balance.currency());
        if (!averageCost.isPositive()) {
            return new Runway(Status.SUSTAINABLE, null, averageCost, used.size());
        }
        if (!balance.isPositive()) {
            return new Runway(Status.EXHAUSTED, null, averageCost, used.size());
        }
        long days = BigDecimal.valueOf(balance.minor()).multiply(DAYS_PER_MONTH)
                .divide(BigDecimal.valueOf(averageCost.minor()), 0, RoundingMode.FLOOR).longValueExact();
        return new Runway(Status.FUNDED_UNTIL, today.plusDays(days), averageCost, used.size());
    }
}
