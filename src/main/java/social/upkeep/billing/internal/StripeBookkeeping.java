package social.upkeep.billing.internal;

import com.stripe.model.BalanceTransaction;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import social.upkeep.instance.Instance;
import social.upkeep.ledger.Booking;
import social.upkeep.ledger.EntryKind;
import social.upkeep.ledger.Ledger;
import social.upkeep.shared.Money;

/**
 * Books Stripe's balance transactions into the ledger: the amount (gross) and the fee, in the currency Stripe
 * settles in, each under a key made of the balance transaction's id, so booking it again books nothing. The
 * date is the balance transaction's own, so the books do not depend on when an event happened to be applied;
 * a date in a closed month moves to the first open day.
 */
@Component
class StripeBookkeeping {

    private final Ledger ledger;
    private final JdbcClient jdbc;

    StripeBookkeeping(Ledger ledger, JdbcClient jdbc) {
        this.ledger = ledger;
        this.jdbc = jdbc;
    }

    /**
     * @param kind what the amount is when it has that kind's sign (income, refund, dispute); the other sign (a
     *     dispute's funds reinstated, say) is booked as an adjustment
     * @param original what the supporter paid in their own currency, when that differs
     */
    void book(Instance server, String chargeId, BalanceTransaction transaction, EntryKind kind, String description,
            @Nullable Money original) {
        Currency currency = Currency.getInstance(transaction.getCurrency().toUpperCase(Locale.ROOT));
        LocalDate on = openDay(server, day(server, transaction));
        long amount = transaction.getAmount();
        if (amount != 0) {
            EntryKind bookedAs = Long.signum(amount) == kind.sign() ? kind : EntryKind.ADJUSTMENT;
            Money keep = original != null && !original.currency().equals(currency) ? original : null;
            ledger.book(new Booking(server.id(), bookedAs, new Money(amount, currency),
                    keep == null ? null : (Long.signum(keep.minor()) == Long.signum(amount) ? keep : keep.negate()),
                    on, description, null, link(server, chargeId, "stripe:" + transaction.getId())));
        }
        long fee = transaction.getFee() == null ? 0 : transaction.getFee();
        if (fee != 0) {
            ledger.book(new Booking(server.id(), fee > 0 ? EntryKind.PROCESSOR_FEE : EntryKind.ADJUSTMENT,
                    new Money(-fee, currency), null, on, fee > 0 ? "Stripe fee" : "Stripe fee returned", null,
                    link(server, chargeId, "stripe:" + transaction.getId() + ":fee")));
        }
    }

    /**
     * Books a dispute's funds coming back as the reversal of the withdrawal they undo, so income nets out on
     * the pages; a reinstatement of another amount is booked as an adjustment.
     */
    void bookReinstatement(Instance server, String chargeId, BalanceTransaction withdrawal,
            BalanceTransaction reinstatement) {
        if (reinstatement.getAmount() != -withdrawal.getAmount()
                || ledger.entry(server.id(), "stripe:" + withdrawal.getId()).isEmpty()) {
            book(server, chargeId, reinstatement, EntryKind.DISPUTE, "Dispute won: funds reinstated", null);
            return;
        }
        ledger.reverse(server.id(), "stripe:" + withdrawal.getId(),
                link(server, chargeId, "stripe:" + reinstatement.getId()), openDay(server, day(server, reinstatement)),
                "Dispute won: funds reinstated");
        long fee = reinstatement.getFee() == null ? 0 : reinstatement.getFee();
        if (fee != 0) {
            book(server, chargeId, feeOnly(reinstatement), EntryKind.PROCESSOR_FEE, "", null);
        }
    }

    /** Remembers the charge a ledger entry belongs to; returns the entry's key. */
    private String link(Instance server, String chargeId, String sourceKey) {
        jdbc.sql("INSERT INTO stripe_booking (instance_id, source_key, charge_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                .params(server.id(), sourceKey, chargeId).update();
        return sourceKey;
    }

    private static BalanceTransaction feeOnly(BalanceTransaction transaction) {
        BalanceTransaction fee = new BalanceTransaction();
        fee.setId(transaction.getId());
        fee.setAmount(0L);
        fee.setFee(transaction.getFee());
        fee.setCurrency(transaction.getCurrency());
        fee.setCreated(transaction.getCreated());
        return fee;
    }

    private static LocalDate day(Instance server, BalanceTransaction transaction) {
        return LocalDate.ofInstant(Instant.ofEpochSecond(transaction.getCreated()), server.timeZone());
    }

    private LocalDate openDay(Instance server, LocalDate on) {
        return ledger.closedThrough(server.id()).filter(closed -> !on.isAfter(closed))
                .map(closed -> closed.plusDays(1)).orElse(on);
    }
}
