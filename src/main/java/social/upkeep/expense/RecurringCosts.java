package social.upkeep.expense;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.ledger.LedgerRefusal;
import social.upkeep.notification.OperatorAlerts;
import social.upkeep.shared.Money;
import social.upkeep.shared.NotFound;

/**
 * Recurring costs and their monthly booking. Each period is booked at most once, guaranteed by a unique
 * key on (cost, period) in the database, so the job may run twice, or on two nodes at once.
 */
@Service
public class RecurringCosts {

    private static final Logger log = LoggerFactory.getLogger(RecurringCosts.class);

    private final JdbcClient jdbc;
    private final Instances instances;
    private final Expenses expenses;
    private final Clock clock;
    private final OperatorAlerts alerts;

    RecurringCosts(JdbcClient jdbc, Instances instances, Expenses expenses, Clock clock, OperatorAlerts alerts) {
        this.alerts = alerts;
        this.jdbc = jdbc;
        this.instances = instances;
        this.expenses = expenses;
        this.clock = clock;
    }

    public List<RecurringCost> all(long instanceId) {
        return jdbc.sql("""
                        SELECT r.*, i.reporting_currency FROM recurring_cost r JOIN instance i ON i.id = r.instance_id
                        WHERE r.instance_id = ? ORDER BY r.vendor, r.id""")
                .param(instanceId).query(RecurringCosts::map).list();
    }

    /** Adds the recurring cost and books the periods already due. */
    public RecurringCost add(long instanceId, ExpenseDetails first, int dayOfMonth) {
        instances.get(instanceId);
        long id = jdbc.sql("""
                        INSERT INTO recurring_cost (instance_id, category, vendor, description, charged_minor,
                            charged_currency, booked_minor, day_of_month, starts_on, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")
                .params(instanceId, first.category(), first.vendor(), first.description(), first.charged().minor(),
                        first.charged().currency().getCurrencyCode(), first.booked().minor(), dayOfMonth,
                        first.spentOn(), clock.instant().atOffset(ZoneOffset.UTC))
                .query(Long.class).single();
        RecurringCost cost = get(instanceId, id);
        bookDue(cost);
        return cost;
    }

    /** Ends the cost after {@code lastDay}: no period after it is booked. */
    public void end(long instanceId, long id, LocalDate lastDay) {
        RecurringCost cost = get(instanceId, id);
        LocalDate end = lastDay.isBefore(cost.startsOn()) ? cost.startsOn() : lastDay;
        jdbc.sql("UPDATE recurring_cost SET ends_on = ? WHERE instance_id = ? AND id = ?").params(end, instanceId, id)
                .update();
    }

    public RecurringCost get(long instanceId, long id) {
        return jdbc.sql("""
                        SELECT r.*, i.reporting_currency FROM recurring_cost r JOIN instance i ON i.id = r.instance_id
                        WHERE r.instance_id = ? AND r.id = ?""")
                .params(instanceId, id).query(RecurringCosts::map).optional()
                .orElseThrow(() -> new NotFound("Recurring cost " + id));
    }

    /** Books every due period of every server's recurring costs; returns how many were booked now. */
    public int bookAllDue() {
        int booked = 0;
        for (long instanceId : jdbc.sql("SELECT DISTINCT instance_id FROM recurring_cost").query(Long.class).list()) {
            for (RecurringCost cost : all(instanceId)) {
                booked += bookDue(cost);
            }
        }
        return booked;
    }

    private int bookDue(RecurringCost cost) {
        Instance instance = instances.get(cost.instanceId());
        LocalDate today = instance.today(clock);
        int booked = 0;
        for (YearMonth period = YearMonth.from(cost.startsOn()); !period.isAfter(YearMonth.from(today));
                period = period.plusMonths(1)) {
            LocalDate due = period.atDay(cost.dayOfMonth());
            if (due.isBefore(cost.startsOn()) || due.isAfter(today)
                    || (cost.endsOn() != null && due.isAfter(cost.endsOn()))) {
                continue;
            }
            try {
                if (expenses.addRecurring(cost.instanceId(), cost.id(), period.atDay(1), new ExpenseDetails(due,
                        cost.category(), cost.vendor(), cost.description(), cost.charged(), cost.booked()))) {
                    booked++;
                    alerts.send(cost.instanceId(), OperatorAlerts.Kind.COSTS, "recurring:" + cost.id() + ":" + period,
                            "alert.recurring-booked", "/operator/servers/" + cost.instanceId() + "/expenses",
                            cost.vendor(), cost.booked(), due);
                }
            } catch (LedgerRefusal e) {
                // A period in a month closed before it was booked stays out: closed books do not change.
                log.info("Recurring cost {} of server {}: period {} not booked ({})", cost.id(), cost.instanceId(),
                        period, e.reason());
            }
        }
        return booked;
    }

    private static RecurringCost map(ResultSet rs, int row) throws SQLException {
        Currency reporting = Currency.getInstance(rs.getString("reporting_currency"));
        return new RecurringCost(rs.getLong("id"), rs.getLong("instance_id"), rs.getString("category"),
                rs.getString("vendor"), rs.getString("description"),
                new Money(rs.getLong("charged_minor"), Currency.getInstance(rs.getString("charged_currency"))),
                new Money(rs.getLong("booked_minor"), reporting), rs.getInt("day_of_month"),
                rs.getObject("starts_on", LocalDate.class), rs.getObject("ends_on", LocalDate.class));
    }
}
