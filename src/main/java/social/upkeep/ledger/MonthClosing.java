package social.upkeep.ledger;

import static social.upkeep.ledger.LedgerRefusal.Reason.ALREADY_CLOSED;
import static social.upkeep.ledger.LedgerRefusal.Reason.MONTH_NOT_OVER;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.shared.Money;
import social.upkeep.shared.PublicDataChanged;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Closing a month makes its books final and publishes its totals. Months close in order: closing one closes
 * every earlier open month too, so a published balance can never be changed by a late entry before it.
 */
@Service
public class MonthClosing {

    private final JdbcClient jdbc;
    private final Instances instances;
    private final Ledger ledger;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    MonthClosing(JdbcClient jdbc, Instances instances, Ledger ledger, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.instances = instances;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** The next month the operator may close, if one has ended and is still open. */
    public Optional<YearMonth> nextToClose(long instanceId) {
        Instance instance = instances.get(instanceId);
        YearMonth next = firstOpenMonth(instance);
        return next.isBefore(instance.currentMonth(clock)) ? Optional.of(next) : Optional.empty();
    }

    @Transactional
    public List<ClosedMonth> closeThrough(long instanceId, YearMonth month) {
        // Waits for bookings in flight (they share this lock) and keeps new ones out until the close commits.
        jdbc.sql("SELECT 1 FROM instance WHERE id = ? FOR UPDATE").param(instanceId).query(Integer.class).single();
        Instance instance = instances.get(instanceId);
        if (!month.isBefore(instance.currentMonth(clock))) {
            throw new LedgerRefusal(MONTH_NOT_OVER, month.toString());
        }
        YearMonth first = firstOpenMonth(instance);
        if (month.isBefore(first)) {
            throw new LedgerRefusal(ALREADY_CLOSED, month.toString());
        }
        Money balance = ledger.balance(instanceId, first.minusMonths(1));
        List<String> closed = new java.util.ArrayList<>();
        for (MonthTotals totals : ledger.totals(instanceId, first, month)) {
            closed.add(totals.month().toString());
            balance = balance.plus(totals.net());
            jdbc.sql("""
                            INSERT INTO ledger_month_close (instance_id, month, currency, income_minor, costs_minor,
                                net_minor, balance_minor, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(instanceId, totals.month().atDay(1), instance.currency().getCurrencyCode(),
                            totals.income().minor(), totals.costs().minor(), totals.net().minor(), balance.minor(),
                            clock.instant().atOffset(ZoneOffset.UTC))
                    .update();
        }
        jdbc.sql("""
                        INSERT INTO ledger_closing (instance_id, closed_through) VALUES (?, ?)
                        ON CONFLICT (instance_id) DO UPDATE SET closed_through = excluded.closed_through""")
                .params(instanceId, month.atEndOfMonth()).update();
        events.publishEvent(new PublicDataChanged(instanceId));
        events.publishEvent(new MonthsClosed(instanceId, closed));
        return closedMonths(instanceId);
    }

    /** Every closed month, newest first. */
    public List<ClosedMonth> closedMonths(long instanceId) {
        var currency = instances.get(instanceId).currency();
        return jdbc.sql("SELECT * FROM ledger_month_close WHERE instance_id = ? ORDER BY month DESC")
                .param(instanceId)
                .query((rs, row) -> new ClosedMonth(YearMonth.from(rs.getObject("month", LocalDate.class)),
                        new Money(rs.getLong("income_minor"), currency), new Money(rs.getLong("costs_minor"), currency),
                        new Money(rs.getLong("net_minor"), currency), new Money(rs.getLong("balance_minor"), currency),
                        rs.getObject("closed_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    private YearMonth firstOpenMonth(Instance instance) {
        return ledger.closedThrough(instance.id())
                .map(closed -> YearMonth.from(closed).plusMonths(1))
                .orElseGet(() -> ledger.firstMonth(instance.id())
                        .filter(first -> first.isBefore(YearMonth.from(instance.foundedOn())))
                        .orElse(YearMonth.from(instance.foundedOn())));
    }
}
