package social.upkeep.transparency.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import social.upkeep.ledger.ClosedMonth;
import social.upkeep.shared.Money;

class RunwayTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 27);

    static ClosedMonth month(int m, long net) {
        return new ClosedMonth(YearMonth.of(2026, m), Money.of(0, "EUR"), Money.of(0, "EUR"), Money.of(net, "EUR"),
                Money.of(0, "EUR"), Instant.EPOCH);
    }

    @Test
    void balanceDividedByTheAverageNetCostOfTheLastThreeClosedMonths() {
        // Burning 100, 200 and 300 a month: 200 on average; 1,000 lasts five average months.
        var runway = Runway.of(Money.of(1000_00, "EUR"),
                List.of(month(10, -300_00), month(9, -200_00), month(8, -100_00), month(7, +5000_00)), TODAY);
        assertThat(runway.status()).isEqualTo(Runway.Status.FUNDED_UNTIL);
        assertThat(runway.averageNetCost()).isEqualTo(Money.of(200_00, "EUR"));
        assertThat(runway.monthsUsed()).isEqualTo(3);
        assertThat(runway.fundedUntil()).isEqualTo(TODAY.plusDays(152));
    }

    @Test
    void incomeCoveringCostsIsSustainable() {
        assertThat(Runway.of(Money.of(10, "EUR"), List.of(month(10, 50), month(9, -20)), TODAY).status())
                .isEqualTo(Runway.Status.SUSTAINABLE);
    }

    @Test
    void nothingLeftWhileBurningIsExhausted() {
        assertThat(Runway.of(Money.of(-10, "EUR"), List.of(month(10, -50)), TODAY).status())
                .isEqualTo(Runway.Status.EXHAUSTED);
    }

    @Test
    void closedMonthsWithNothingInThemAreNotEnoughToCallItSustainable() {
        var runway = Runway.of(Money.of(0, "EUR"), List.of(month(10, 0), month(9, 0)), TODAY);
        assertThat(runway.status()).isEqualTo(Runway.Status.UNKNOWN);
    }

    @Test
    void withoutAClosedMonthTheRunwayIsUnknown() {
        var runway = Runway.of(Money.of(1000, "EUR"), List.of(), TODAY);
        assertThat(runway.status()).isEqualTo(Runway.Status.UNKNOWN);
        assertThat(runway.fundedUntil()).isNull();
    }
}
