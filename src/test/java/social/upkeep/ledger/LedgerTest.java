package social.upkeep.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.shared.Money;
import social.upkeep.support.Servers;
import social.upkeep.support.UpkeepTest;

/** The ledger's rules, in Java and in the database underneath. The test clock stands at 2026-11-27. */
@UpkeepTest
class LedgerTest {

    @Autowired
    Ledger ledger;

    @Autowired
    MonthClosing closing;

    @Autowired
    Instances instances;

    @Autowired
    JdbcClient jdbc;

    Instance server;

    @BeforeEach
    void server() {
        server = Servers.create(instances, "example.social", "EUR");
    }

    Booking booking(EntryKind kind, long minor, String date, String key) {
        return new Booking(server.id(), kind, Money.of(minor, "EUR"), null, LocalDate.parse(date), "test " + key,
                kind == EntryKind.EXPENSE ? "hosting" : null, key);
    }

    long entries() {
        return jdbc.sql("SELECT count(*) FROM ledger_entry").query(Long.class).single();
    }

    @Test
    void theSameFactIsBookedOnce() {
        assertThat(ledger.book(booking(EntryKind.INCOME, 500, "2026-11-02", "txn_1"))).isTrue();
        assertThat(ledger.book(booking(EntryKind.INCOME, 500, "2026-11-02", "txn_1"))).isFalse();
        assertThat(ledger.book(booking(EntryKind.INCOME, 700, "2026-11-03", "txn_1"))).isFalse();
        assertThat(entries()).isEqualTo(1);
        assertThat(ledger.totals(server.id(), YearMonth.of(2026, 11)).supporters()).isEqualTo(Money.of(500, "EUR"));
    }

    @Test
    void theSignFollowsTheKind() {
        assertThatThrownBy(() -> ledger.book(booking(EntryKind.EXPENSE, 500, "2026-11-02", "e1")))
                .isInstanceOfSatisfying(LedgerRefusal.class, e -> assertThat(e.reason()).isEqualTo(LedgerRefusal.Reason.WRONG_SIGN));
        assertThatThrownBy(() -> ledger.book(booking(EntryKind.INCOME, -500, "2026-11-02", "i1")))
                .isInstanceOf(LedgerRefusal.class);
        assertThatThrownBy(() -> ledger.book(booking(EntryKind.ADJUSTMENT, 0, "2026-11-02", "a0")))
                .isInstanceOf(LedgerRefusal.class);
        assertThat(ledger.book(booking(EntryKind.ADJUSTMENT, -5, "2026-11-02", "a1"))).isTrue();
        // The database refuses it too, whoever writes.
        assertThatThrownBy(() -> jdbc.sql("""
                INSERT INTO ledger_entry (instance_id, kind, amount_minor, currency, booked_on, description, source_key,
                    created_at) VALUES (?, 'EXPENSE', 100, 'EUR', '2026-11-02', 'x', 'raw', now())""")
                .param(server.id()).update()).isInstanceOf(DataAccessException.class);
        assertThat(entries()).isEqualTo(1);
    }

    @Test
    void anotherCurrencyIsRefused() {
        assertThatThrownBy(() -> ledger.book(new Booking(server.id(), EntryKind.INCOME, Money.of(500, "USD"), null,
                LocalDate.parse("2026-11-02"), "x", null, "usd")))
                .isInstanceOfSatisfying(LedgerRefusal.class, e -> assertThat(e.reason()).isEqualTo(LedgerRefusal.Reason.WRONG_CURRENCY));
        assertThat(entries()).isZero();
    }

    @Test
    void entriesCanNeverBeChangedOrDeleted() {
        ledger.book(booking(EntryKind.INCOME, 500, "2026-11-02", "txn_1"));
        assertThatThrownBy(() -> jdbc.sql("UPDATE ledger_entry SET amount_minor = 1").update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM ledger_entry").update()).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("TRUNCATE ledger_entry CASCADE").update()).hasMessageContaining("append-only");
        assertThat(entries()).isEqualTo(1);
    }

    @Test
    void aReversalCancelsTheEntryOnceAndKeepsBoth() {
        ledger.book(booking(EntryKind.EXPENSE, -2000, "2026-10-05", "expense:1:v1"));
        assertThat(ledger.reverse(server.id(), "expense:1:v1", "expense:1:void", LocalDate.parse("2026-11-02"), "voided"))
                .isTrue();
        assertThat(ledger.reverse(server.id(), "expense:1:v1", "expense:1:void", LocalDate.parse("2026-11-02"), "voided"))
                .isFalse();
        assertThatThrownBy(() -> ledger.reverse(server.id(), "expense:1:v1", "expense:1:void-again",
                LocalDate.parse("2026-11-02"), "voided")).isInstanceOf(LedgerRefusal.class);
        assertThat(entries()).isEqualTo(2);
        assertThat(ledger.balance(server.id(), YearMonth.of(2026, 11))).isEqualTo(Money.of(0, "EUR"));
        assertThat(ledger.totals(server.id(), YearMonth.of(2026, 11)).expenses()).isEqualTo(Money.of(2000, "EUR"));
        assertThat(ledger.costsByCategory(server.id(), YearMonth.of(2026, 10), YearMonth.of(2026, 11))).isEmpty();
    }

    @Test
    void closedMonthsNeverChangeAndCorrectionsLandInAnOpenMonth() {
        ledger.book(booking(EntryKind.INCOME, 10_000, "2026-09-10", "i1"));
        ledger.book(booking(EntryKind.EXPENSE, -4_000, "2026-10-01", "e1"));

        assertThatThrownBy(() -> closing.closeThrough(server.id(), YearMonth.of(2026, 11)))
                .isInstanceOfSatisfying(LedgerRefusal.class, e -> assertThat(e.reason()).isEqualTo(LedgerRefusal.Reason.MONTH_NOT_OVER));
        assertThat(closing.nextToClose(server.id())).contains(YearMonth.of(2024, 1));

        var closed = closing.closeThrough(server.id(), YearMonth.of(2026, 10));
        assertThat(closed.get(0).month()).isEqualTo(YearMonth.of(2026, 10));
        assertThat(closed.get(0).balance()).isEqualTo(Money.of(6_000, "EUR"));
        assertThat(closed.get(0).costs()).isEqualTo(Money.of(4_000, "EUR"));
        assertThat(closed.get(1).income()).isEqualTo(Money.of(10_000, "EUR"));
        assertThat(closed).hasSize(34);
        assertThat(closing.nextToClose(server.id())).isEmpty();

        assertThatThrownBy(() -> ledger.book(booking(EntryKind.EXPENSE, -100, "2026-10-31", "late")))
                .isInstanceOfSatisfying(LedgerRefusal.class, e -> assertThat(e.reason()).isEqualTo(LedgerRefusal.Reason.MONTH_CLOSED));
        assertThatThrownBy(() -> ledger.reverse(server.id(), "e1", "e1-void", LocalDate.parse("2026-10-20"), "void"))
                .isInstanceOf(LedgerRefusal.class);
        assertThatThrownBy(() -> jdbc.sql("""
                INSERT INTO ledger_entry (instance_id, kind, amount_minor, currency, booked_on, description, source_key,
                    created_at) VALUES (?, 'ADJUSTMENT', 100, 'EUR', '2026-10-31', 'x', 'raw', now())""")
                .param(server.id()).update()).hasMessageContaining("closed");
        assertThatThrownBy(() -> closing.closeThrough(server.id(), YearMonth.of(2026, 9)))
                .isInstanceOfSatisfying(LedgerRefusal.class, e -> assertThat(e.reason()).isEqualTo(LedgerRefusal.Reason.ALREADY_CLOSED));

        assertThat(ledger.book(booking(EntryKind.ADJUSTMENT, -100, "2026-11-01", "correction"))).isTrue();
        assertThat(closing.closedMonths(server.id()).get(0).balance()).isEqualTo(Money.of(6_000, "EUR"));
        assertThat(ledger.balance(server.id(), YearMonth.of(2026, 11))).isEqualTo(Money.of(5_900, "EUR"));
    }

    @Test
    void otherServersSeeNothingOfThisOne() {
        var other = Servers.create(instances, "other.example", "EUR");
        ledger.book(booking(EntryKind.INCOME, 500, "2026-11-02", "txn_1"));
        assertThat(ledger.balance(other.id(), YearMonth.of(2026, 11)).isZero()).isTrue();
        assertThat(ledger.entry(other.id(), "txn_1")).isEmpty();
        assertThat(ledger.book(new Booking(other.id(), EntryKind.INCOME, Money.of(500, "EUR"), null,
                LocalDate.parse("2026-11-02"), "same key, other server", null, "txn_1"))).isTrue();
    }

    /** Whatever sequence of entries is booked, monthly totals and balances equal the plain sums of the entries. */
    @Test
    void totalsAlwaysEqualTheSumOfEntries() {
        for (long seed = 1; seed <= 5; seed++) {
            var random = new Random(seed);
            var other = Servers.create(instances, "random" + seed + ".example", "EUR");
            Map<YearMonth, Long> expected = new HashMap<>();
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                EntryKind kind = EntryKind.values()[random.nextInt(EntryKind.values().length)];
                long magnitude = 1 + random.nextInt(100_000);
                long minor = kind.sign() == 0 ? (random.nextBoolean() ? magnitude : -magnitude) : kind.sign() * magnitude;
                LocalDate date = LocalDate.of(2025, 1, 1).plusDays(random.nextInt(600));
                String key = random.nextInt(10) == 0 && !keys.isEmpty() ? keys.get(random.nextInt(keys.size())) : "k" + i;
                boolean booked = ledger.book(new Booking(other.id(), kind, Money.of(minor, "EUR"), null, date, "r",
                        kind == EntryKind.EXPENSE ? "cat" + random.nextInt(3) : null, key));
                if (booked) {
                    keys.add(key);
                    expected.merge(YearMonth.from(date), minor, Long::sum);
                }
            }
            long running = 0;
            for (MonthTotals totals : ledger.totals(other.id(), YearMonth.of(2025, 1), YearMonth.of(2026, 9))) {
                long sum = expected.getOrDefault(totals.month(), 0L);
                assertThat(totals.net().minor()).as("seed %d, %s", seed, totals.month()).isEqualTo(sum);
                running += sum;
                assertThat(ledger.balance(other.id(), totals.month()).minor()).as("seed %d", seed).isEqualTo(running);
            }
            long fromEntries = jdbc.sql("SELECT sum(amount_minor) FROM ledger_entry WHERE instance_id = ?")
                    .param(other.id()).query(Long.class).single();
            assertThat(running).isEqualTo(fromEntries);
        }
    }
}
