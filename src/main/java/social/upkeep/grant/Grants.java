package social.upkeep.grant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import social.upkeep.expense.Expenses;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.ledger.Booking;
import social.upkeep.ledger.EntryKind;
import social.upkeep.ledger.Ledger;
import social.upkeep.shared.Money;
import social.upkeep.shared.PublicDataChanged;
import org.springframework.context.ApplicationEventPublisher;
import social.upkeep.shared.NotFound;

/** A server's grants. Every query names the server; a grant, tranche or expense of another is not found. */
@Service
public class Grants {

    private final JdbcClient jdbc;
    private final Instances instances;
    private final Ledger ledger;
    private final Expenses expenses;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Grants(JdbcClient jdbc, Instances instances, Ledger ledger, Expenses expenses, Clock clock,
            ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.instances = instances;
        this.ledger = ledger;
        this.expenses = expenses;
        this.clock = clock;
    }

    public List<Grant> all(long instanceId) {
        Instance instance = instances.get(instanceId);
        return jdbc.sql("SELECT * FROM grant_award WHERE instance_id = ? ORDER BY starts_on DESC, id DESC")
                .param(instanceId).query((rs, row) -> map(rs, instance.currency())).list();
    }

    public List<Grant> publicGrants(long instanceId) {
        return all(instanceId).stream().filter(Grant::isPublic)
                .filter(g -> g.status() != GrantStatus.APPLIED && g.status() != GrantStatus.DECLINED).toList();
    }

    public Grant get(long instanceId, long id) {
        Instance instance = instances.get(instanceId);
        return jdbc.sql("SELECT * FROM grant_award WHERE instance_id = ? AND id = ?").params(instanceId, id)
                .query((rs, row) -> map(rs, instance.currency())).optional()
                .orElseThrow(() -> new NotFound("Grant " + id));
    }

    public Grant create(long instanceId, GrantDetails details) {
        instances.get(instanceId);
        long id = jdbc.sql("""
                        INSERT INTO grant_award (instance_id, funder, purpose, amount_minor, currency, status, starts_on,
                            ends_on, restricted, public, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")
                .params(instanceId, details.funder(), details.purpose(), details.amount().minor(),
                        details.amount().currency().getCurrencyCode(), details.status().name(), details.startsOn(),
                        details.endsOn(), details.restricted(), details.isPublic(), clock.instant().atOffset(ZoneOffset.UTC))
                .query(Long.class).single();
        events.publishEvent(new PublicDataChanged(instanceId));
        return get(instanceId, id);
    }

    public void setStatus(long instanceId, long id, GrantStatus status) {
        get(instanceId, id);
        jdbc.sql("UPDATE grant_award SET status = ? WHERE instance_id = ? AND id = ?")
                .params(status.name(), instanceId, id).update();
        events.publishEvent(new PublicDataChanged(instanceId));
    }

    public void addTranche(long instanceId, long grantId, LocalDate expectedOn, Money amount) {
        Grant grant = get(instanceId, grantId);
        if (!amount.currency().equals(grant.amount().currency())) {
            throw new IllegalArgumentException("A tranche is in the grant's currency");
        }
        jdbc.sql("INSERT INTO grant_tranche (grant_id, instance_id, expected_on, amount_minor) VALUES (?, ?, ?, ?)")
                .params(grantId, instanceId, expectedOn, amount.minor()).update();
        events.publishEvent(new PublicDataChanged(instanceId));
    }

    /** Marks the tranche received and books it; receiving it again changes nothing. */
    @Transactional
    public boolean receiveTranche(long instanceId, long grantId, long trancheId, LocalDate receivedOn, Money booked) {
        Grant grant = get(instanceId, grantId);
        Grant.Tranche tranche = grant.tranches().stream().filter(t -> t.id() == trancheId).findFirst()
                .orElseThrow(() -> new NotFound("Tranche " + trancheId));
        if (tranche.receivedOn() != null) {
            return false;
        }
        Money original = tranche.amount().currency().equals(booked.currency()) ? null : tranche.amount();
        ledger.book(new Booking(instanceId, EntryKind.GRANT_RECEIPT, booked, original, receivedOn,
                grant.funder() + " – " + grant.purpose(), grant.restricted() ? "restricted" : "general",
                "grant:" + grantId + ":tranche:" + trancheId));
        return jdbc.sql("""
                        UPDATE grant_tranche SET received_on = ?, booked_minor = ?
                        WHERE instance_id = ? AND grant_id = ? AND id = ? AND received_on IS NULL""")
                .params(receivedOn, booked.minor(), instanceId, grantId, trancheId).update() == 1;
    }

    /** A reporting deadline not yet met, of any server. */
    public record OpenDeadline(long instanceId, long grantId, String funder, Grant.Deadline deadline) {
    }

    public List<OpenDeadline> openDeadlines() {
        return jdbc.sql("""
                        SELECT d.*, g.funder FROM grant_deadline d JOIN grant_award g ON g.id = d.grant_id
                        WHERE d.done_on IS NULL ORDER BY d.due_on, d.id""")
                .query((d, r) -> new OpenDeadline(d.getLong("instance_id"), d.getLong("grant_id"), d.getString("funder"),
                        new Grant.Deadline(d.getLong("id"), d.getObject("due_on", LocalDate.class), d.getString("what"),
                                null)))
                .list();
    }

    public void addDeadline(long instanceId, long grantId, LocalDate dueOn, String what) {
        get(instanceId, grantId);
        jdbc.sql("INSERT INTO grant_deadline (grant_id, instance_id, due_on, what) VALUES (?, ?, ?, ?)")
                .params(grantId, instanceId, dueOn, what).update();
    }

    public void markDeadlineDone(long instanceId, long grantId, long deadlineId) {
        Instance instance = instances.get(instanceId);
        int updated = jdbc.sql("""
                        UPDATE grant_deadline SET done_on = ? WHERE instance_id = ? AND grant_id = ? AND id = ?
                          AND done_on IS NULL""")
                .params(instance.today(clock), instanceId, grantId, deadlineId).update();
        boolean exists = updated > 0 || jdbc.sql(
                        "SELECT count(*) FROM grant_deadline WHERE instance_id = ? AND grant_id = ? AND id = ?")
                .params(instanceId, grantId, deadlineId).query(Integer.class).single() > 0;
        if (!exists) { // someone else's deadline, or none: nothing was saved, so nothing is said to be
            throw new NotFound("grant deadline " + deadlineId);
        }
    }

    /** Pays the expense from the grant (or moves it from another grant of the same server). */
    public void allocate(long instanceId, long grantId, long expenseId) {
        get(instanceId, grantId);
        expenses.get(instanceId, expenseId);
        jdbc.sql("""
                        INSERT INTO grant_allocation (expense_id, grant_id, instance_id) VALUES (?, ?, ?)
                        ON CONFLICT (expense_id) DO UPDATE SET grant_id = excluded.grant_id""")
                .params(expenseId, grantId, instanceId).update();
        events.publishEvent(new PublicDataChanged(instanceId));
    }

    /** What is left of restricted grants: money in the balance the server may only spend on their purposes. */
    public Money restrictedRemaining(long instanceId) {
        Currency currency = instances.get(instanceId).currency();
        long sum = all(instanceId).stream().filter(Grant::restricted)
                .mapToLong(g -> Math.max(0, g.remaining().minor())).sum();
        return new Money(sum, currency);
    }

    private Grant map(ResultSet rs, Currency reporting) throws SQLException {
        long id = rs.getLong("id");
        long instanceId = rs.getLong("instance_id");
        Currency currency = Currency.getInstance(rs.getString("currency"));
        List<Grant.Tranche> tranches = jdbc.sql("""
                        SELECT * FROM grant_tranche WHERE instance_id = ? AND grant_id = ? ORDER BY expected_on, id""")
                .params(instanceId, id)
                .query((t, r) -> {
                    long booked = t.getLong("booked_minor");
                    return new Grant.Tranche(t.getLong("id"), t.getObject("expected_on", LocalDate.class),
                            new Money(t.getLong("amount_minor"), currency), t.getObject("received_on", LocalDate.class),
                            t.wasNull() ? null : new Money(booked, reporting));
                }).list();
        List<Grant.Deadline> deadlines = jdbc.sql("""
                        SELECT * FROM grant_deadline WHERE instance_id = ? AND grant_id = ? ORDER BY due_on, id""")
                .params(instanceId, id)
                .query((d, r) -> new Grant.Deadline(d.getLong("id"), d.getObject("due_on", LocalDate.class),
                        d.getString("what"), d.getObject("done_on", LocalDate.class))).list();
        long received = tranches.stream().filter(t -> t.booked() != null).mapToLong(t -> t.booked().minor()).sum();
        // The spent sum reads the expense table directly: one query instead of one per allocated expense.
        long spent = jdbc.sql("""
                        SELECT coalesce(sum(e.booked_minor), 0) FROM grant_allocation a
                        JOIN expense e ON e.id = a.expense_id AND e.instance_id = a.instance_id
                        WHERE a.instance_id = ? AND a.grant_id = ? AND e.voided_on IS NULL""")
                .params(instanceId, id).query(Long.class).single();
        return new Grant(id, instanceId, rs.getString("funder"), rs.getString("purpose"),
                new Money(rs.getLong("amount_minor"), currency), GrantStatus.valueOf(rs.getString("status")),
                rs.getObject("starts_on", LocalDate.class), rs.getObject("ends_on", LocalDate.class),
                rs.getBoolean("restricted"), rs.getBoolean("public"), new Money(received, reporting),
                new Money(spent, reporting), tranches, deadlines);
    }
}
