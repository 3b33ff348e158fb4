package social.upkeep.transparency.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import social.upkeep.expense.Expenses;
import social.upkeep.grant.Grants;
import social.upkeep.instance.Instance;
import social.upkeep.ledger.ClosedMonth;
import social.upkeep.ledger.Ledger;
import social.upkeep.ledger.MonthClosing;
import social.upkeep.ledger.MonthTotals;
import social.upkeep.shared.Money;

/** Computes a server's funding report. A handful of indexed queries on rollups, never a scan of the ledger. */
@Service
class FundingReports {

    static final int MONTHS = 24;
    static final int EXPENSES_SHOWN = 50;

    private final Ledger ledger;
    private final MonthClosing closing;
    private final Expenses expenses;
    private final Grants grants;
    private final Clock clock;

    FundingReports(Ledger ledger, MonthClosing closing, Expenses expenses, Grants grants, Clock clock) {
        this.ledger = ledger;
        this.grants = grants;
        this.closing = closing;
        this.expenses = expenses;
        this.clock = clock;
    }

    FundingReport report(Instance server) {
        LocalDate today = server.today(clock);
        YearMonth month = YearMonth.from(today);
        Money zero = Money.zero(server.currency());
        List<MonthTotals> totals = ledger.totals(server.id(), month.minusMonths(MONTHS - 1), month);
        MonthTotals thisMonth = totals.get(totals.size() - 1);
        List<ClosedMonth> closed = closing.closedMonths(server.id());
        Set<YearMonth> closedSet = closed.stream().map(ClosedMonth::month).collect(Collectors.toSet());

        // Without a set goal, the goal is what a month costs: the average of the last closed months, not this
        // month's costs so far (early in a month a few cents would be "999 % covered"). None closed with costs:
        // not enough data yet. Grants are shown apart, so one grant does not make a month "873 % covered".
        boolean goalIsCosts = server.monthlyGoal() == null;
        List<ClosedMonth> recent = closed.stream().limit(Runway.MONTHS).toList();
        long averageCosts = recent.isEmpty() ? 0
                : recent.stream().mapToLong(m -> m.costs().minor()).sum() / recent.size();
        Money goal = !goalIsCosts ? server.monthlyGoal()
                : averageCosts > 0 ? new Money(averageCosts, server.currency()) : null;
        Money support = thisMonth.supporters().plus(thisMonth.refunds());
        Money covered = support.isPositive() ? support : zero;
        Money grantsThisMonth = thisMonth.grants().isPositive() ? thisMonth.grants() : zero;
        Integer percent = goal == null ? null : (int) Math.min(999, covered.minor() * 100 / goal.minor());
        Money balance = ledger.balance(server.id(), month);

        List<FundingReport.MonthRow> rows = totals.stream()
                .map(t -> new FundingReport.MonthRow(t.month(), t.income(), t.costs(), t.net(),
                        closedSet.contains(t.month())))
                .toList();
        Map<String, Money> byCategory = ledger.costsByCategory(server.id(), month.minusMonths(11), month);
        Money last12 = byCategory.values().stream().reduce(zero, Money::plus);
        Money restricted = grants.restrictedRemaining(server.id());
        return new FundingReport(server, today, thisMonth, goal, goalIsCosts, goalIsCosts ? recent.size() : 0, covered,
                grantsThisMonth, percent, balance,
                Runway.of(balance.minus(restricted), closed, today), rows, byCategory, last12, costPerUser(server, closed, thisMonth),
                expenses.inForce(server.id(), month.minusMonths(11).atDay(1), today, EXPENSES_SHOWN),
                closed, grants.publicGrants(server.id()), restricted);
    }

    /** Average monthly costs of the last three closed months (this month's while none is closed), per active user. */
    private static @org.jspecify.annotations.Nullable Money costPerUser(Instance server, List<ClosedMonth> closed, MonthTotals thisMonth) {
        if (server.activeUsers() == null || server.activeUsers() <= 0) {
            return null;
        }
        List<ClosedMonth> used = closed.stream().limit(Runway.MONTHS).toList();
        long costs = used.isEmpty() ? thisMonth.costs().minor()
                : used.stream().mapToLong(m -> m.costs().minor()).sum() / used.size();
        // No costs recorded yet is not "free per user": nothing is shown rather than 0.00.
        return costs <= 0 ? null : new Money(costs / server.activeUsers(), server.currency());
    }
}
