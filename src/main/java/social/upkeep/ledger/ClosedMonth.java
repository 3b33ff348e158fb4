package social.upkeep.ledger;

import java.time.Instant;
import java.time.YearMonth;
import social.upkeep.shared.Money;

/** What was published when a month was closed; it never changes. Costs are positive. */
public record ClosedMonth(YearMonth month, Money income, Money costs, Money net, Money balance, Instant closedAt) {
}
