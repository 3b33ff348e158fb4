package social.upkeep.billing.internal;

import com.stripe.model.BalanceTransaction;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import social.upkeep.instance.Instance;
import social.upkeep.ledger.Booking;
import social.upkeep.ledger.EntryKind;
import social.upkeep.ledger.Ledger;
import social.upkeep.shared.Money;

/**
 * Books Stripe's balance transactions into the ledger: the amount (gross) and the fee, each under a key made of
 * the balance transaction's id, so booking it again books nothing. The date is the balance transaction's own, so
 * the books do not depend on when an event happened to be applied; a date in a closed month moves to the first
 * open day. A balance transaction settled in another currency than the server's is converted back at the rate
 * Stripe applied ({@code exchange_rate}: amount in the charge's currency times the rate is the settled amount),
 * keeping the settled amount alongside; one that cannot be converted waits in {@code stripe_unbooked} for the
 * operator. Neither refuses the event: the membership and the payment it brings are never lost over a booking.
 */
@Component
class StripeBookkeeping {

    private final Ledger ledger;
    private final JdbcClient jdbc;
    private final Clock clock;

    StripeBookkeeping(Ledger ledger, JdbcClient jdbc, Clock clock) {
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * @param kind what the amount is when it has that kind's sign (income, refund, dispute); the other sign (a
     *     dispute's funds reinstated, say) is booked as an adjustment
     * @param presented what the supporter paid (or got back) in the charge's currency, signed like the amount
     */
    void book(Instance server, String chargeId, BalanceTransaction transaction, EntryKind kind, String description,
            @Nullable Money presented) {
        Money settled = StripeCurrencies.fromStripe(transaction.getAmount(), transaction.getCurrency());
        Money fee = StripeCurrencies.fromStripe(transaction.getFee() == null ? 0 : transaction.getFee(),
                transaction.getCurrency());
        String key = "stripe:" + transaction.getId();
        boolean converted = !settled.currency().equals(server.currency());
        if (converted && !convertible(server, transaction)) {
            keepForOperator(server, chargeId, key, kind, description, settled);
            keepForOperator(server, chargeId, key + ":fee", EntryKind.PROCESSOR_FEE, "Stripe fee", fee.negate());
            return;
        }
        LocalDate on = openDay(server, day(server, transaction));
        if (!settled.isZero()) {
            EntryKind bookedAs = Long.signum(settled.minor()) == kind.sign() ? kind : EntryKind.ADJUSTMENT;
            Money amount;
            Money original;
            if (converted) {
                // The amount presented is exact; the rate's division is only for what has no presented amount.
                amount = presented != null && presented.currency().equals(server.currency())
                        && Long.signum(presented.minor()) == Long.signum(settled.minor()) ? presented
                        : convert(settled, transaction.getExchangeRate(), server);
                original = settled;
            } else {
                amount = settled;
                original = presented != null && !presented.currency().equals(settled.currency())
                        ? (Long.signum(presented.minor()) == Long.signum(settled.minor()) ? presented
                                : presented.negate())
                        : null;
            }
            ledger.book(new Booking(server.id(), bookedAs, amount, original, on, description, null,
                    link(server, chargeId, key)));
        }
        if (!fee.isZero()) {
            Money booked = converted ? convert(fee, transaction.getExchangeRate(), server) : fee;
            if (!booked.isZero()) {
                ledger.book(new Booking(server.id(), fee.minor() > 0 ? EntryKind.PROCESSOR_FEE : EntryKind.ADJUSTMENT,
                        booked.negate(), converted ? fee.negate() : null, on,
                        fee.minor() > 0 ? "Stripe fee" : "Stripe fee returned", null, link(server, chargeId,
                                key + ":fee")));
            }
        }
    }

    /**
     * Books a fee Stripe charged on its own ({@code stripe_fee}: Billing or Tax usage, say), not tied to a
     * charge, as a processor fee.
     */
    void bookStripeFee(Instance server, BalanceTransaction transaction) {
        String description = transaction.getDescription() == null ? "Stripe fee"
                : "Stripe fee: " + transaction.getDescription();
        book(server, transaction.getId(), transaction, EntryKind.PROCESSOR_FEE,
                description.length() > 200 ? description.substring(0, 200) : description, null);
    }

    /** Whether a balance transaction in another currency can be converted back to the server's. */
    private static boolean convertible(Instance server, BalanceTransaction transaction) {
        return transaction.getExchangeRate() != null && transaction.getExchangeRate().signum() > 0;
    }

    /** The settled amount in the server's currency at the rate Stripe applied (settled = presented × rate). */
    private static Money convert(Money settled, BigDecimal rate, Instance server) {
        BigDecimal major = settled.toMajor().divide(rate, server.currency().getDefaultFractionDigits(),
                RoundingMode.HALF_EVEN);
        return Money.of(major, server.currency());
    }

    /** Keeps what the books cannot take yet, once; the operator books it from the Stripe page. */
    private void keepForOperator(Instance server, String chargeId, String key, EntryKind kind, String description,
            Money amount) {
        if (amount.isZero() || ledger.entry(server.id(), key).isPresent()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO stripe_unbooked (instance_id, source_key, charge_id, kind, description,
                            amount_minor, currency, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(server.id(), key, chargeId, kind.name(), description, amount.minor(),
                        amount.currency().getCurrencyCode(), clock.instant().atOffset(ZoneOffset.UTC))
                .update();
    }

    /** What waits to be booked, oldest first. */
    List<Unbooked> unbooked(long instanceId) {
        return jdbc.sql("""
                        SELECT source_key, charge_id, kind, description, amount_minor, currency, created_at
                        FROM stripe_unbooked WHERE instance_id = ? AND booked_at IS NULL ORDER BY created_at, source_key""")
                .param(instanceId)
                .query((rs, row) -> new Unbooked(rs.getString("source_key"), rs.getString("charge_id"),
                        EntryKind.valueOf(rs.getString("kind")), rs.getString("description"),
                        new Money(rs.getLong("amount_minor"), Currency.getInstance(rs.getString("currency"))),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    /**
     * The operator books a waiting amount at what it came to in the server's currency (from their payout or bank
     * statement); the settled amount is kept alongside. Returns false when nothing with that key waits.
     */
    @Transactional
    boolean bookWaiting(Instance server, String sourceKey, Money amount) {
        Optional<Unbooked> waiting = unbooked(server.id()).stream().filter(u -> u.sourceKey().equals(sourceKey))
                .findFirst();
        if (waiting.isEmpty()) {
            return false;
        }
        Unbooked u = waiting.get();
        Money signed = Long.signum(amount.minor()) == Long.signum(u.amount().minor()) ? amount : amount.negate();
        EntryKind kind = u.kind().sign() == 0 || Long.signum(signed.minor()) == u.kind().sign() ? u.kind()
                : EntryKind.ADJUSTMENT;
        ledger.book(new Booking(server.id(), kind, signed, u.amount(), openDay(server,
                LocalDate.ofInstant(u.waitingSince(), server.timeZone())), u.description(), null,
                link(server, u.chargeId(), sourceKey)));
        jdbc.sql("UPDATE stripe_unbooked SET booked_at = ? WHERE instance_id = ? AND source_key = ?")
                .params(clock.instant().atOffset(ZoneOffset.UTC), server.id(), sourceKey).update();
        return true;
    }

    /** A Stripe amount the books could not take: settled in another currency, with no rate to convert by. */
    record Unbooked(String sourceKey, String chargeId, EntryKind kind, String description, Money amount,
            Instant waitingSince) {
    }

    /**
     * Books money coming back (a won dispute's funds, a failed refund's) as the reversal of the balance
     * transaction it undoes, so the pages net out; any other amount is booked as an adjustment.
     */
    void bookReturn(Instance server, String chargeId, BalanceTransaction taken, BalanceTransaction returned,
            EntryKind kind, String description) {
        if (returned.getAmount() != -taken.getAmount()
                || ledger.entry(server.id(), "stripe:" + taken.getId()).isEmpty()) {
            book(server, chargeId, returned, kind, description, null);
            return;
        }
        ledger.reverse(server.id(), "stripe:" + taken.getId(), link(server, chargeId, "stripe:" + returned.getId()),
                openDay(server, day(server, returned)), description);
        long fee = returned.getFee() == null ? 0 : returned.getFee();
        if (fee != 0) {
            book(server, chargeId, feeOnly(returned), EntryKind.PROCESSOR_FEE, "", null);
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
        fee.setExchangeRate(transaction.getExchangeRate());
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
