package social.upkeep.ledger;

import static social.upkeep.ledger.LedgerRefusal.Reason.ALREADY_REVERSED;
import static social.upkeep.ledger.LedgerRefusal.Reason.MONTH_CLOSED;
import static social.upkeep.ledger.LedgerRefusal.Reason.NOTHING_TO_REVERSE;
import static social.upkeep.ledger.LedgerRefusal.Reason.WRONG_CURRENCY;
import static social.upkeep.ledger.LedgerRefusal.Reason.WRONG_SIGN;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.shared.Money;
import social.upkeep.shared.PublicDataChanged;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Books facts into a server's append-only ledger and answers what it sums to. Totals come from the monthly
 * rollups the database keeps with every insert, never from scanning entries.
 */
@Service
public class Ledger {

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final Instances instances;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Ledger(JdbcClient jdbc, JdbcTemplate batches, Instances instances, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.batches = batches;
        this.jdbc = jdbc;
        this.instances = instances;
        this.clock = clock;
    }

    /** Keeps the ledger's month locks apart from other advisory locks (Payments uses (server, object hash)). */
    private static final int MONTH_LOCK = 0x4c454447;

    /** Books the fact; returns false, booking nothing, when its source key was booked before. */
    @Transactional
    public boolean book(Booking booking) {
        check(instances.get(booking.instanceId()), booking);
        return insert(booking, null);
    }

    /**
     * Books many facts of one server at once (an import of thousands of rows): each under the same rules as
     * {@link #book}, all or none, in one batch. Returns how many were new; a source key booked before books nothing.
     */
    @Transactional
    public int bookAll(long instanceId, List<Booking> bookings) {
        if (bookings.isEmpty()) {
            return 0;
        }
        Instance instance = instances.get(instanceId);
        LocalDate closed = closedThrough(instanceId).orElse(null);
        java.util.TreeSet<Integer> months = new java.util.TreeSet<>();
        for (Booking booking : bookings) {
            if (booking.instanceId() != instanceId) {
                throw new IllegalArgumentException("one server's bookings at a time");
            }
            check(instance, booking);
            if (closed != null && !booking.bookedOn().isAfter(closed)) {
                throw new LedgerRefusal(MONTH_CLOSED, booking.bookedOn() + " is on or before " + closed);
            }
            months.add(booking.bookedOn().getYear() * 100 + booking.bookedOn().getMonthValue());
        }
        // The months in one order, as insert() takes them, so an import and a Stripe event cannot deadlock.
        for (int month : months) {
            jdbc.sql("SELECT pg_advisory_xact_lock(?, ?)").params(MONTH_LOCK ^ (int) instanceId, month)
                    .query((rs, row) -> 1).list();
        }
        var now = java.sql.Timestamp.from(clock.instant());
        int[][] counts;
        try {
            counts = batches.batchUpdate("""
                            INSERT INTO ledger_entry (instance_id, kind, amount_minor, currency, original_amount_minor,
                                original_currency, booked_on, description, category, source_key, reverses_id, created_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)
                            ON CONFLICT (instance_id, source_key) DO NOTHING""", bookings, 1000, (statement, booking) -> {
                statement.setLong(1, instanceId);
                statement.setString(2, booking.kind().name());
                statement.setLong(3, booking.amount().minor());
                statement.setString(4, booking.amount().currency().getCurrencyCode());
                statement.setObject(5, booking.original() == null ? null : booking.original().minor());
                statement.setString(6, booking.original() == null ? null
                        : booking.original().currency().getCurrencyCode());
                statement.setObject(7, booking.bookedOn());
                statement.setString(8, booking.description());
                statement.setString(9, booking.category());
                statement.setString(10, booking.sourceKey());
                statement.setTimestamp(11, now);
            });
        } catch (DataAccessException e) {
            if (e.getMostSpecificCause() instanceof SQLException sql && "UK002".equals(sql.getSQLState())) {
                throw new LedgerRefusal(MONTH_CLOSED, "a month closed while booking");
            }
            throw e;
        }
        events.publishEvent(new PublicDataChanged(instanceId));
        return java.util.Arrays.stream(counts).flatMapToInt(java.util.Arrays::stream).map(n -> Math.max(n, 0)).sum();
    }

    /**
     * Books the exact opposite of the entry booked under {@code originalKey}, on {@code on}: how a voided
     * expense or a corrected amount leaves the books without anything being deleted.
     */
    @Transactional
    public boolean reverse(long instanceId, String originalKey, String reversalKey, LocalDate on, String description) {
        LedgerEntry original = entry(instanceId, originalKey)
                .orElseThrow(() -> new LedgerRefusal(NOTHING_TO_REVERSE, originalKey));
        if (entry(instanceId, reversalKey).isPresent()) {
            return false;
        }
        if (reversedBy(original.id()).isPresent()) {
            throw new LedgerRefusal(ALREADY_REVERSED, originalKey);
        }
        return insert(new Booking(instanceId, original.kind(), original.amount().negate(),
                original.original() == null ? null : original.original().negate(), on, description,
                original.category(), reversalKey), original.id());
    }

    private boolean insert(Booking booking, @Nullable Long reverses) {
        closedThrough(booking.instanceId()).filter(closed -> !booking.bookedOn().isAfter(closed)).ifPresent(closed -> {
            throw new LedgerRefusal(MONTH_CLOSED, booking.bookedOn() + " is on or before " + closed);
        });
        try {
            // The month's totals are rows the insert's trigger updates; transactions booking several kinds of one
            // month (a refund and a dispute) would take them in different orders and deadlock. Taking the month
            // first, for the rest of the transaction, puts them in one order.
            jdbc.sql("SELECT pg_advisory_xact_lock(?, ?)")
                    .params(MONTH_LOCK ^ (int) booking.instanceId(), booking.bookedOn().getYear() * 100
                            + booking.bookedOn().getMonthValue())
                    .query((rs, row) -> 1).list();
            events.publishEvent(new PublicDataChanged(booking.instanceId()));
            return jdbc.sql("""
                            INSERT INTO ledger_entry (instance_id, kind, amount_minor, currency, original_amount_minor,
                                original_currency, booked_on, description, category, source_key, reverses_id, created_at)
                            VALUES (:instance, :kind, :amount, :currency, :originalAmount, :originalCurrency, :bookedOn,
                                :description, :category, :sourceKey, :reverses, :now)
                            ON CONFLICT (instance_id, source_key) DO NOTHING""")
                    .param("instance", booking.instanceId())
                    .param("kind", booking.kind().name())
                    .param("amount", booking.amount().minor())
                    .param("currency", booking.amount().currency().getCurrencyCode())
                    .param("originalAmount", booking.original() == null ? null : booking.original().minor())
                    .param("originalCurrency", booking.original() == null ? null
                            : booking.original().currency().getCurrencyCode())
                    .param("bookedOn", booking.bookedOn())
                    .param("description", booking.description())
                    .param("category", booking.category())
                    .param("sourceKey", booking.sourceKey())
                    .param("reverses", reverses)
                    .param("now", clock.instant().atOffset(ZoneOffset.UTC))
                    .update() == 1;
        } catch (DataAccessException e) {
            if (e.getMostSpecificCause() instanceof SQLException sql && "UK002".equals(sql.getSQLState())) {
                throw new LedgerRefusal(MONTH_CLOSED, booking.bookedOn().toString());
            }
            throw e;
        }
    }

    public Optional<LedgerEntry> entry(long instanceId, String sourceKey) {
        return jdbc.sql("SELECT * FROM ledger_entry WHERE instance_id = ? AND source_key = ?")
                .params(instanceId, sourceKey).query(Ledger::map).optional();
    }

    private Optional<LedgerEntry> reversedBy(long entryId) {
        return jdbc.sql("SELECT * FROM ledger_entry WHERE reverses_id = ?").param(entryId).query(Ledger::map).optional();
    }

    /** The entries of one month, oldest first. */
    public List<LedgerEntry> entries(long instanceId, YearMonth month) {
        return jdbc.sql("""
                        SELECT * FROM ledger_entry WHERE instance_id = ? AND booked_on >= ? AND booked_on <= ?
                        ORDER BY booked_on, id""")
                .params(instanceId, month.atDay(1), month.atEndOfMonth())
                .query(Ledger::map).list();
    }

    /** Totals for every month from {@code from} to {@code to}, months without entries included as zeros. */
    public List<MonthTotals> totals(long instanceId, YearMonth from, YearMonth to) {
        Currency currency = instances.get(instanceId).currency();
        Map<YearMonth, MonthTotals> months = new LinkedHashMap<>();
        for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            months.put(m, MonthTotals.empty(m, currency));
        }
        jdbc.sql("""
                        SELECT month, kind, sum(amount_minor) AS amount FROM ledger_month_total
                        WHERE instance_id = ? AND month >= ? AND month <= ? GROUP BY month, kind""")
                .params(instanceId, from.atDay(1), to.atDay(1))
                .query((rs, row) -> {
                    YearMonth month = YearMonth.from(rs.getObject("month", LocalDate.class));
                    EntryKind kind = EntryKind.valueOf(rs.getString("kind"));
                    Money amount = new Money(rs.getLong("amount"), currency);
                    months.computeIfPresent(month, (m, totals) -> totals.add(kind, amount));
                    return month;
                })
                .list();
        return new ArrayList<>(months.values());
    }

    public MonthTotals totals(long instanceId, YearMonth month) {
        return totals(instanceId, month, month).get(0);
    }

    /** Everything ever booked, through the end of {@code through}. */
    public Money balance(long instanceId, YearMonth through) {
        Currency currency = instances.get(instanceId).currency();
        long sum = jdbc.sql("SELECT coalesce(sum(amount_minor), 0) FROM ledger_month_total WHERE instance_id = ? AND month <= ?")
                .params(instanceId, through.atDay(1)).query(Long.class).single();
        return new Money(sum, currency);
    }

    /** Costs (positive) by category over the months given, largest first. Fees count as a category of their own. */
    public Map<String, Money> costsByCategory(long instanceId, YearMonth from, YearMonth to) {
        Currency currency = instances.get(instanceId).currency();
        Map<String, Money> costs = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT CASE WHEN kind = 'PROCESSOR_FEE' THEN 'processor-fees' ELSE category END AS category,
                               -sum(amount_minor) AS cost
                        FROM ledger_month_total
                        WHERE instance_id = ? AND month >= ? AND month <= ? AND kind IN ('EXPENSE', 'PROCESSOR_FEE')
                        GROUP BY 1 HAVING sum(amount_minor) <> 0 ORDER BY 2 DESC, 1""")
                .params(instanceId, from.atDay(1), to.atDay(1))
                .query((rs, row) -> costs.put(rs.getString(1), new Money(rs.getLong(2), currency)))
                .list();
        return costs;
    }

    /** The last day on which the books are final, if any month has been closed. */
    public Optional<LocalDate> closedThrough(long instanceId) {
        return jdbc.sql("SELECT closed_through FROM ledger_closing WHERE instance_id = ?").param(instanceId)
                .query(LocalDate.class).optional();
    }

    /** The first month with an entry, if any. */
    public Optional<YearMonth> firstMonth(long instanceId) {
        return jdbc.sql("SELECT min(month) FROM ledger_month_total WHERE instance_id = ?").param(instanceId)
                .query((rs, row) -> Optional.ofNullable(rs.getObject(1, LocalDate.class)).map(YearMonth::from))
                .single();
    }

    /** The server's currency, and the sign the kind has (any but zero for an adjustment). */
    private static void check(Instance instance, Booking booking) {
        checkCurrency(instance, booking.amount());
        int sign = booking.kind().sign();
        if (booking.amount().isZero() || (sign != 0 && Long.signum(booking.amount().minor()) != sign)) {
            throw new LedgerRefusal(WRONG_SIGN, booking.kind() + " " + booking.amount());
        }
    }

    private static void checkCurrency(Instance instance, Money amount) {
        if (!amount.currency().equals(instance.currency())) {
            throw new LedgerRefusal(WRONG_CURRENCY, amount.currency() + " is not " + instance.currency());
        }
    }

    static LedgerEntry map(ResultSet rs, int row) throws SQLException {
        Currency currency = Currency.getInstance(rs.getString("currency"));
        long originalAmount = rs.getLong("original_amount_minor");
        Money original = rs.wasNull() ? null
                : new Money(originalAmount, Currency.getInstance(rs.getString("original_currency")));
        long reverses = rs.getLong("reverses_id");
        return new LedgerEntry(rs.getLong("id"), rs.getLong("instance_id"), EntryKind.valueOf(rs.getString("kind")),
                new Money(rs.getLong("amount_minor"), currency), original, rs.getObject("booked_on", LocalDate.class),
                rs.getString("description"), rs.getString("category"), rs.getString("source_key"),
                rs.wasNull() ? null : reverses);
    }
}
