package social.upkeep.expense;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.ledger.Ledger;
import social.upkeep.ledger.MonthClosing;
import social.upkeep.shared.Money;
import social.upkeep.support.MutableClock;
import social.upkeep.support.Servers;
import social.upkeep.support.UpkeepTest;

/** The monthly hosting bill is booked once per month, however often and wherever the job runs. */
@UpkeepTest
class RecurringCostsTest {

    @Autowired
    RecurringCosts recurring;

    @Autowired
    Instances instances;

    @Autowired
    Ledger ledger;

    @Autowired
    MonthClosing closing;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    Scheduler scheduler;

    Instance server;

    @BeforeEach
    void server() {
        server = Servers.create(instances, "example.social", "EUR");
    }

    RecurringCost hostingSince(String date) {
        return recurring.add(server.id(), new ExpenseDetails(LocalDate.parse(date), "hosting", "Hetzner", "CX41",
                Money.of(3990, "EUR"), Money.of(3990, "EUR")), 10);
    }

    long expenses() {
        return jdbc.sql("SELECT count(*) FROM expense WHERE instance_id = ?").param(server.id()).query(Long.class).single();
    }

    @Test
    void periodsAlreadyDueAreBookedAtOnceAndNeverTwice() {
        hostingSince("2026-09-10");
        assertThat(expenses()).isEqualTo(3);
        assertThat(recurring.bookAllDue()).isZero();
        assertThat(recurring.bookAllDue()).isZero();
        assertThat(expenses()).isEqualTo(3);
        assertThat(ledger.totals(server.id(), YearMonth.of(2026, 10)).costs()).isEqualTo(Money.of(3990, "EUR"));
    }

    @Test
    void theNextPeriodIsBookedOnItsDayOnce() {
        hostingSince("2026-11-10");
        clock.advance(Duration.ofDays(10));
        assertThat(recurring.bookAllDue()).as("not due before the 10th").isZero();
        clock.advance(Duration.ofDays(5));
        assertThat(recurring.bookAllDue()).isEqualTo(1);
        assertThat(recurring.bookAllDue()).isZero();
        assertThat(ledger.totals(server.id(), YearMonth.of(2026, 12)).costs()).isEqualTo(Money.of(3990, "EUR"));
    }

    @Test
    void concurrentRunsBookEachPeriodOnce() throws Exception {
        hostingSince("2026-11-10");
        clock.advance(Duration.ofDays(100));
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(4);
        var runs = new ArrayList<Future<Integer>>();
        for (int i = 0; i < 4; i++) {
            Callable<Integer> run = () -> {
                start.await();
                return recurring.bookAllDue();
            };
            runs.add(pool.submit(run));
        }
        start.countDown();
        int booked = 0;
        for (var run : runs) {
            booked += run.get();
        }
        pool.shutdown();
        assertThat(booked).isEqualTo(3);
        assertThat(expenses()).isEqualTo(4);
        assertThat(jdbc.sql("SELECT count(*) FROM ledger_entry WHERE instance_id = ?").param(server.id())
                .query(Long.class).single()).isEqualTo(4);
    }

    @Test
    void endedCostsStopAndClosedMonthsAreLeftAlone() {
        jdbc.sql("INSERT INTO ledger_closing (instance_id, closed_through) VALUES (?, '2026-09-30')")
                .param(server.id()).update();
        var cost = hostingSince("2026-08-10");
        assertThat(expenses()).as("August and September are closed").isEqualTo(2);
        recurring.end(server.id(), cost.id(), LocalDate.parse("2026-11-30"));
        clock.advance(Duration.ofDays(60));
        assertThat(recurring.bookAllDue()).isZero();
        assertThat(closing.closedMonths(server.id())).isEmpty();
    }

    @Test
    void theJobIsScheduledInTheClusteredStore() throws Exception {
        assertThat(scheduler.checkExists(JobKey.jobKey("recurring-costs", "expense"))).isTrue();
    }
}
