package social.upkeep.ledger;

import java.time.YearMonth;
import java.util.Currency;
import social.upkeep.shared.Money;

/**
 * A month's sums by what they are. Supporters is income from Stripe and manual income; refunds and
 * disputes are negative; fees and expenses negative; adjustments either.
 */
public record MonthTotals(YearMonth month, Money supporters, Money grants, Money refunds, Money fees, Money expenses,
        Money adjustments) {

    public static MonthTotals empty(YearMonth month, Currency currency) {
        Money zero = Money.zero(currency);
        return new MonthTotals(month, zero, zero, zero, zero, zero, zero);
    }

    /** Money that came in, less what went back: supporters and grants net of refunds and disputes. */
    public Money income() {
        return supporters.plus(grants).plus(refunds);
    }

    /** What running the server cost, as a positive amount: expenses and processor fees. */
    public Money costs() {
        return expenses.plus(fees).negate();
    }

    /** Everything booked in the month, adjustments included: the change of the balance. */
    public Money net() {
        return income().minus(costs()).plus(adjustments);
    }

    MonthTotals add(EntryKind kind, Money amount) {
        return switch (kind) {
            case INCOME, MANUAL_INCOME -> new MonthTotals(month, supporters.plus(amount), grants, refunds, fees, expenses, adjustments);
            case GRANT_RECEIPT -> new MonthTotals(month, supporters, grants.plus(amount), refunds, fees, expenses, adjustments);
            case REFUND, DISPUTE -> new MonthTotals(month, supporters, grants, refunds.plus(amount), fees, expenses, adjustments);
            case PROCESSOR_FEE -> new MonthTotals(month, supporters, grants, refunds, fees.plus(amount), expenses, adjustments);
            case EXPENSE -> new MonthTotals(month, supporters, grants, refunds, fees, expenses.plus(amount), adjustments);
            case ADJUSTMENT -> new MonthTotals(month, supporters, grants, refunds, fees, expenses, adjustments.plus(amount));
        };
    }
}
