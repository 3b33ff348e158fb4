package social.upkeep.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.shared.Money;
import social.upkeep.support.Servers;
import social.upkeep.support.UpkeepTest;

/**
 * Two workers booking a refund and a dispute of one month in opposite orders, each in its own transaction, with
 * their first bookings made before either makes its second: the crossing that deadlocked on the month's totals.
 */
@UpkeepTest
class CrossingBookingsTest {

    @Autowired
    Ledger ledger;

    @Autowired
    Instances instances;

    @Autowired
    TransactionTemplate transactions;

    private static Booking refund(Instance server, String key) {
        return new Booking(server.id(), EntryKind.REFUND, Money.of(-5_00, "EUR"), null, LocalDate.of(2026, 11, 20),
                "refund", null, key);
    }

    private static Booking dispute(Instance server, String key) {
        return new Booking(server.id(), EntryKind.DISPUTE, Money.of(-7_00, "EUR"), null, LocalDate.of(2026, 11, 21),
                "dispute", null, key);
    }

    @Test
    void aRefundAndADisputeOfOneMonthBookedInOppositeOrdersBothCommit() throws Exception {
        Instance server = Servers.create(instances, "example.social", "EUR");
        var firstBooked = new CountDownLatch(1);
        var secondBooked = new CountDownLatch(1);
        var a = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> {
            ledger.book(refund(server, "a-refund"));
            firstBooked.countDown();
            await(secondBooked);                       // the other worker has booked its first, or is made to wait
            ledger.book(dispute(server, "a-dispute"));
        }));
        var b = CompletableFuture.runAsync(() -> {
            await(firstBooked);
            transactions.executeWithoutResult(status -> {
                ledger.book(dispute(server, "b-dispute"));
                secondBooked.countDown();
                ledger.book(refund(server, "b-refund"));
            });
        });
        CompletableFuture.allOf(a, b).get(30, TimeUnit.SECONDS);   // a deadlock fails one of them instead

        var totals = ledger.totals(server.id(), YearMonth.of(2026, 11));
        assertThat(totals.refunds()).isEqualTo(Money.of(-24_00, "EUR"));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
