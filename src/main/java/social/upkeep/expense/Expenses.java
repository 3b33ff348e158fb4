package social.upkeep.expense;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.ledger.Booking;
import social.upkeep.ledger.EntryKind;
import social.upkeep.ledger.Ledger;
import social.upkeep.shared.Money;
import social.upkeep.shared.PublicDataChanged;
import org.springframework.context.ApplicationEventPublisher;
import social.upkeep.shared.NotFound;

/**
 * Expenses and their place in the ledger. Every query names the server, so an id of another server's
 * expense is simply not found. Nothing is deleted: editing books a correction, voiding a reversal.
 */
@Service
public class Expenses {

    private static final String SELECT = "SELECT e.*, i.reporting_currency FROM expense e "
            + "JOIN instance i ON i.id = e.instance_id WHERE e.instance_id = ? ";

    private final JdbcClient jdbc;
    private final Instances instances;
    private final Ledger ledger;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Expenses(JdbcClient jdbc, Instances instances, Ledger ledger, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.instances = instances;
        this.ledger = ledger;
        this.clock = clock;
    }

    public List<Expense> all(long instanceId) {
        return jdbc.sql(SELECT + "ORDER BY e.spent_on DESC, e.id DESC")
                .param(instanceId).query(Expenses::map).list();
    }

    /** At most {@code limit} expenses in force (not voided) between the two dates, newest first: what the public page lists. */
    public List<Expense> inForce(long instanceId, LocalDate from, LocalDate to, int limit) {
        return jdbc.sql(SELECT + "AND e.voided_on IS NULL AND e.spent_on BETWEEN ? AND ? "
                        + "ORDER BY e.spent_on DESC, e.id DESC LIMIT ?")
                .params(instanceId, from, to, limit).query(Expenses::map).list();
    }

    /** How many expenses in force fall between the dates, both included. */
    public int countInForce(long instanceId, LocalDate from, LocalDate to) {
        return jdbc.sql("SELECT count(*) FROM expense e WHERE e.instance_id = ? AND e.voided_on IS NULL "
                        + "AND e.spent_on BETWEEN ? AND ?")
                .params(instanceId, from, to).query(Integer.class).single();
    }

    public Expense get(long instanceId, long id) {
        return jdbc.sql(SELECT + "AND e.id = ?").params(instanceId, id)
                .query(Expenses::map).optional().orElseThrow(() -> new NotFound("Expense " + id));
    }

    /** Adds the expense and books it. A form submitted twice (same token) adds it once. */
    @Transactional
    public Expense add(long instanceId, ExpenseDetails details, @Nullable Receipt receipt, boolean receiptPublic,
            @Nullable String formToken) {
        Instance instance = instances.get(instanceId);
        if (formToken != null) {
            Optional<Long> existing = jdbc.sql("SELECT id FROM expense WHERE instance_id = ? AND form_token = ?")
                    .params(instanceId, formToken).query(Long.class).optional();
            if (existing.isPresent()) {
                return get(instanceId, existing.get());
            }
        }
        Long receiptId = receipt == null ? null : storeReceipt(instanceId, receipt);
        long id;
        try {
            id = insert(instanceId, details, receiptId, receiptPublic, null, null, formToken);
        } catch (DuplicateKeyException e) {
            return get(instanceId, jdbc.sql("SELECT id FROM expense WHERE form_token = ?").param(formToken)
                    .query(Long.class).single());
        }
        book(instance, id, 1, details, details.spentOn());
        return get(instanceId, id);
    }

    /** Books one period of a recurring cost, once: a second call for the same period adds nothing. */
    @Transactional
    public boolean addRecurring(long instanceId, long recurringCostId, LocalDate period, ExpenseDetails details) {
        Instance instance = instances.get(instanceId);
        Long id = jdbc.sql("""
                        INSERT INTO expense (instance_id, spent_on, category, vendor, description, charged_minor,
                            charged_currency, booked_minor, recurring_cost_id, recurring_period, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (recurring_cost_id, recurring_period) DO NOTHING RETURNING id""")
                .params(instanceId, details.spentOn(), details.category(), details.vendor(), details.description(),
                        details.charged().minor(), details.charged().currency().getCurrencyCode(),
                        details.booked().minor(), recurringCostId, period, clock.instant().atOffset(ZoneOffset.UTC))
                .query(Long.class).optional().orElse(null);
        if (id == null) {
            return false;
        }
        book(instance, id, 1, details, details.spentOn());
        return true;
    }

    /** Changes the expense. When its money, date or category changed, the old entry is reversed and the new one booked. */
    @Transactional
    public Expense edit(long instanceId, long id, ExpenseDetails details) {
        Expense current = lockForChange(instanceId, id);
        Instance instance = instances.get(instanceId);
        boolean moneyChanged = !current.booked().equals(details.booked()) || !current.spentOn().equals(details.spentOn())
                || !current.category().equals(details.category()) || !current.vendor().equals(details.vendor());
        int version = current.version();
        if (moneyChanged) {
            reverse(instance, current, "corrected");
            version++;
            book(instance, id, version, details, openDate(instance, details.spentOn()));
        }
        jdbc.sql("""
                        UPDATE expense SET spent_on = ?, category = ?, vendor = ?, description = ?, charged_minor = ?,
                            charged_currency = ?, booked_minor = ?, version = ? WHERE instance_id = ? AND id = ?""")
                .params(details.spentOn(), details.category(), details.vendor(), details.description(),
                        details.charged().minor(), details.charged().currency().getCurrencyCode(),
                        details.booked().minor(), version, instanceId, id)
                .update();
        events.publishEvent(new PublicDataChanged(instanceId));
        return get(instanceId, id);
    }

    /** Voids the expense: its entry is reversed, the expense stays visible to the operator as voided. */
    @Transactional
    public Expense voidExpense(long instanceId, long id) {
        Expense current = lockForChange(instanceId, id);
        Instance instance = instances.get(instanceId);
        reverse(instance, current, "voided");
        jdbc.sql("UPDATE expense SET voided_on = ? WHERE instance_id = ? AND id = ?")
                .params(instance.today(clock), instanceId, id).update();
        events.publishEvent(new PublicDataChanged(instanceId));
        return get(instanceId, id);
    }

    @Transactional
    public void setReceipt(long instanceId, long id, @Nullable Receipt receipt, boolean receiptPublic) {
        Expense current = get(instanceId, id);
        Long receiptId = receipt == null ? current.receiptId() : Long.valueOf(storeReceipt(instanceId, receipt));
        jdbc.sql("UPDATE expense SET receipt_id = ?, receipt_public = ? WHERE instance_id = ? AND id = ?")
                .params(receiptId, receiptPublic && receiptId != null, instanceId, id).update();
        events.publishEvent(new PublicDataChanged(instanceId));
    }

    /** The receipt of an expense; with {@code publicOnly}, only one the operator marked public. */
    public Optional<Receipt> receipt(long instanceId, long expenseId, boolean publicOnly) {
        return jdbc.sql("""
                        SELECT r.content_type, r.content FROM expense e JOIN expense_receipt r ON r.id = e.receipt_id
                        WHERE e.instance_id = ? AND e.id = ? AND r.instance_id = e.instance_id
                          AND (e.receipt_public OR NOT ?) AND (e.voided_on IS NULL OR NOT ?)""")
                .params(instanceId, expenseId, publicOnly, publicOnly)
                .query((rs, row) -> new Receipt(rs.getString(1), rs.getBytes(2))).optional();
    }

    /** The built-in categories, then the operator's own. */
    public List<String> categories(long instanceId) {
        List<String> categories = new ArrayList<>(ExpenseCategories.BUILT_IN);
        jdbc.sql("SELECT name FROM expense_category WHERE instance_id = ? ORDER BY lower(name)").param(instanceId)
                .query(String.class).list()
                .forEach(name -> categories.add(ExpenseCategories.CUSTOM_PREFIX + name));
        return categories;
    }

    /** Adds an operator's own category; false when one of that name exists. */
    public boolean addCategory(long instanceId, String name) {
        instances.get(instanceId);
        return jdbc.sql("INSERT INTO expense_category (instance_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(instanceId, name).update() == 1;
    }

    /** An operator's own category and how many expenses and recurring costs name it. */
    public record OwnCategory(long id, String name, int uses) {
    }

    public List<OwnCategory> ownCategories(long instanceId) {
        return jdbc.sql("""
                        SELECT c.id, c.name,
                               (SELECT count(*) FROM expense e WHERE e.instance_id = c.instance_id AND e.category = 'custom:' || c.name)
                             + (SELECT count(*) FROM recurring_cost r WHERE r.instance_id = c.instance_id AND r.category = 'custom:' || c.name) AS uses
                        FROM expense_category c WHERE c.instance_id = ? ORDER BY lower(c.name)""")
                .param(instanceId).query((rs, row) -> new OwnCategory(rs.getLong("id"), rs.getString("name"),
                        rs.getInt("uses"))).list();
    }

    /**
     * Renames or removes an operator's own category, only while nothing names it: expenses keep the category they
     * were booked under (closed months and the ledger say it too), so a used category stays as it is.
     */
    public CategoryChange changeCategory(long instanceId, long categoryId, @Nullable String newName) {
        var category = ownCategories(instanceId).stream().filter(c -> c.id() == categoryId).findFirst()
                .orElseThrow(() -> new NotFound("Category " + categoryId));
        if (category.uses() > 0) {
            return CategoryChange.IN_USE;
        }
        if (newName == null) {
            jdbc.sql("DELETE FROM expense_category WHERE instance_id = ? AND id = ?").params(instanceId, categoryId)
                    .update();
            return CategoryChange.REMOVED;
        }
        boolean taken = ownCategories(instanceId).stream()
                .anyMatch(c -> c.id() != categoryId && c.name().equalsIgnoreCase(newName));
        if (taken) {
            return CategoryChange.NAME_TAKEN;
        }
        jdbc.sql("UPDATE expense_category SET name = ? WHERE instance_id = ? AND id = ?")
                .params(newName, instanceId, categoryId).update();
        return CategoryChange.RENAMED;
    }

    public enum CategoryChange { RENAMED, REMOVED, IN_USE, NAME_TAKEN }

    private Expense lockForChange(long instanceId, long id) {
        jdbc.sql("SELECT id FROM expense WHERE instance_id = ? AND id = ? FOR UPDATE").params(instanceId, id)
                .query(Long.class).optional().orElseThrow(() -> new NotFound("Expense " + id));
        Expense current = get(instanceId, id);
        if (current.voided()) {
            throw new AlreadyVoided();
        }
        return current;
    }

    private void book(Instance instance, long id, int version, ExpenseDetails details, LocalDate on) {
        Money charged = details.charged();
        ledger.book(new Booking(instance.id(), EntryKind.EXPENSE, details.booked().negate(),
                charged.currency().equals(instance.currency()) ? null : charged.negate(), on,
                describe(details.vendor(), details.description()), details.category(), key(id, version)));
    }

    private void reverse(Instance instance, Expense current, String why) {
        ledger.reverse(instance.id(), key(current.id(), current.version()),
                key(current.id(), current.version()) + ":" + why, openDate(instance, current.spentOn()),
                describe(current.vendor(), current.description()) + " (" + why + ")");
    }

    /** The date itself when its month is open, else today: corrections of closed months land in the open one. */
    private LocalDate openDate(Instance instance, LocalDate date) {
        return ledger.closedThrough(instance.id()).filter(closed -> !date.isAfter(closed))
                .map(closed -> instance.today(clock)).orElse(date);
    }

    private static String key(long id, int version) {
        return "expense:" + id + ":v" + version;
    }

    private static String describe(String vendor, String description) {
        String text = description.isBlank() ? vendor : vendor + " – " + description;
        return text.length() > 500 ? text.substring(0, 500) : text;
    }

    private long storeReceipt(long instanceId, Receipt receipt) {
        return jdbc.sql("""
                        INSERT INTO expense_receipt (instance_id, content_type, size_bytes, content, uploaded_at)
                        VALUES (?, ?, ?, ?, ?) RETURNING id""")
                .params(instanceId, receipt.contentType(), receipt.content().length, receipt.content(),
                        clock.instant().atOffset(ZoneOffset.UTC))
                .query(Long.class).single();
    }

    private long insert(long instanceId, ExpenseDetails details, @Nullable Long receiptId, boolean receiptPublic,
            @Nullable Long recurringCostId, @Nullable LocalDate period, @Nullable String formToken) {
        return jdbc.sql("""
                        INSERT INTO expense (instance_id, spent_on, category, vendor, description, charged_minor,
                            charged_currency, booked_minor, receipt_id, receipt_public, recurring_cost_id,
                            recurring_period, form_token, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")
                .params(instanceId, details.spentOn(), details.category(), details.vendor(), details.description(),
                        details.charged().minor(), details.charged().currency().getCurrencyCode(),
                        details.booked().minor(), receiptId, receiptPublic && receiptId != null, recurringCostId,
                        period, formToken, clock.instant().atOffset(ZoneOffset.UTC))
                .query(Long.class).single();
    }

    private static Expense map(ResultSet rs, int row) throws SQLException {
        Currency charged = Currency.getInstance(rs.getString("charged_currency"));
        long receipt = rs.getLong("receipt_id");
        Long receiptId = rs.wasNull() ? null : receipt;
        long recurring = rs.getLong("recurring_cost_id");
        Long recurringId = rs.wasNull() ? null : recurring;
        return new Expense(rs.getLong("id"), rs.getLong("instance_id"), rs.getObject("spent_on", LocalDate.class),
                rs.getString("category"), rs.getString("vendor"), rs.getString("description"),
                new Money(rs.getLong("charged_minor"), charged), bookedMoney(rs), rs.getInt("version"),
                rs.getObject("voided_on", LocalDate.class), receiptId, rs.getBoolean("receipt_public"), recurringId);
    }

    /** The booked amount is in the server's currency, which the expense row does not repeat. */
    private static Money bookedMoney(ResultSet rs) throws SQLException {
        return new Money(rs.getLong("booked_minor"), Currency.getInstance(rs.getString("reporting_currency")));
    }

    /** A voided expense cannot be changed again. */
    public static final class AlreadyVoided extends RuntimeException {
        AlreadyVoided() {
            super("This expense was voided");
        }
    }
}
