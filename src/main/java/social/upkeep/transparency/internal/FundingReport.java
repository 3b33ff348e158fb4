package social.upkeep.transparency.internal;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import social.upkeep.expense.Expense;
import social.upkeep.grant.Grant;
import social.upkeep.instance.Instance;
import social.upkeep.ledger.ClosedMonth;
import social.upkeep.ledger.MonthTotals;
import social.upkeep.shared.Money;

/**
 * Everything the public page, its JSON and CSV show, computed once per request from the monthly rollups.
 * {@code goalMonths}: how many closed months the costs goal averages (0 when the goal is set by the operators);
 * {@code covered}: this month's support net of refunds, grants apart ({@code grantsThisMonth}).
 */
public record FundingReport(Instance server, LocalDate today, MonthTotals thisMonth, @Nullable Money goal, boolean goalIsCosts,
        int goalMonths, Money covered, Money grantsThisMonth, @Nullable Integer coveredPercent, Money balance, Runway runway, List<MonthRow> months,
        Map<String, Money> costsByCategory, Money costsLast12Months, @Nullable Money costPerActiveUser,
        List<Expense> expenses, List<ClosedMonth> closedMonths, List<Grant> grants, Money restricted) {

    /** One month of the chart and its table. Costs are positive. */
    public record MonthRow(YearMonth month, Money income, Money costs, Money net, boolean closed) {
    }

    public YearMonth month() {
        return thisMonth.month();
    }

    /** The balance less restricted grant money: what may pay for anything. */
    public Money generalFunds() {
        return balance.minus(restricted);
    }

    /** Months newest first, for tables. */
    public List<MonthRow> monthsNewestFirst() {
        var copy = new java.util.ArrayList<>(months);
        java.util.Collections.reverse(copy);
        return copy;
    }

    /** A category's share of the last twelve months' costs, in whole percent. */
    public int share(Money cost) {
        return costsLast12Months.isPositive() ? (int) (cost.minor() * 100 / costsLast12Months.minor()) : 0;
    }
}
