package social.upkeep.expense;

import java.time.LocalDate;
import social.upkeep.shared.Money;

/** What an operator enters about an expense, already checked by the form. */
public record ExpenseDetails(LocalDate spentOn, String category, String vendor, String description, Money charged,
        Money booked) {
}
