package social.upkeep.expense;

import java.time.LocalDate;
import org.jspecify.annotations.Nullable;
import social.upkeep.shared.Money;

/** An expense: what was charged (maybe in another currency) and what it cost in the reporting currency. */
public record Expense(long id, long instanceId, LocalDate spentOn, String category, String vendor, String description,
        Money charged, Money booked, int version, @Nullable LocalDate voidedOn, @Nullable Long receiptId,
        boolean receiptPublic, @Nullable Long recurringCostId) {

    public boolean voided() {
        return voidedOn != null;
    }

    public boolean hasPublicReceipt() {
        return receiptId != null && receiptPublic;
    }
}
