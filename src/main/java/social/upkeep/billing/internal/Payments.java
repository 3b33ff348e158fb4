package social.upkeep.billing.internal;

import com.stripe.model.Charge;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import social.upkeep.membership.ChargeTrouble;

/** Charges as Stripe last showed them, and which supporter each Stripe customer is. */
@Repository
class Payments {

    private final JdbcClient jdbc;

    Payments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Remembers whose customer this is; true the first time. */
    boolean rememberCustomer(long instanceId, String customerId, long supporterId) {
        return jdbc.sql("""
                        INSERT INTO stripe_customer (instance_id, customer_id, supporter_id) VALUES (?, ?, ?)
                        ON CONFLICT DO NOTHING""")
                .params(instanceId, customerId, supporterId).update() == 1;
    }

    /** Remembers which checkout made a customer (the first one told). */
    void madeBy(long instanceId, String customerId, long checkoutId) {
        jdbc.sql("""
                        UPDATE stripe_customer SET checkout_id = ?
                        WHERE instance_id = ? AND customer_id = ? AND checkout_id IS NULL""")
                .params(checkoutId, instanceId, customerId).update();
    }

    /** What a checkout was for: once, monthly or yearly, and the tier if any. */
    record Checkout(String frequency, @Nullable Long tierId) {
    }

    @Nullable Checkout checkoutOf(long instanceId, String customerId) {
        return jdbc.sql("""
                        SELECT c.frequency, c.tier_id FROM stripe_customer s JOIN checkout c ON c.id = s.checkout_id
                        WHERE s.instance_id = ? AND s.customer_id = ?""")
                .params(instanceId, customerId)
                .query((rs, row) -> new Checkout(rs.getString("frequency"), (Long) rs.getObject("tier_id")))
                .optional().orElse(null);
    }

    /** The supporter a customer of this server's checkouts is, or null. */
    @Nullable Long supporterOf(long instanceId, String customerId) {
        return jdbc.sql("SELECT supporter_id FROM stripe_customer WHERE instance_id = ? AND customer_id = ?")
                .params(instanceId, customerId).query(Long.class).optional().orElse(null);
    }

    /**
     * Holds the customer's row until the transaction ends, so that two events of one customer applied at once
     * (two worker threads, two nodes) judge its charges one after the other: each then sees what the other
     * committed, and neither writes a trouble read before the other's charge existed.
     */
    void lockCustomer(long instanceId, String customerId) {
        jdbc.sql("SELECT 1 FROM stripe_customer WHERE instance_id = ? AND customer_id = ? FOR UPDATE")
                .params(instanceId, customerId).query(Integer.class).optional();
    }

    /**
     * Takes a transaction-long lock on one Stripe object (a charge, a subscription) before it is fetched, so two
     * threads applying events of it at once apply one fetch after the other, and an older fetch never overwrites
     * a newer one. Objects whose ids hash alike merely wait for each other.
     */
    void serialize(long instanceId, String objectId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(?, ?)").params((int) instanceId, objectId.hashCode())
                .query((rs, row) -> 1).list();
    }

    boolean knowsCustomer(long instanceId, String customerId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM stripe_customer WHERE instance_id = ? AND customer_id = ?)")
                .params(instanceId, customerId).query(Boolean.class).single();
    }

    void record(long instanceId, Charge charge) {
        jdbc.sql("""
                        INSERT INTO payment (instance_id, charge_id, customer_id, amount_minor, currency,
                            amount_refunded_minor, status, paid_at, refund_seen)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (instance_id, charge_id) DO UPDATE SET customer_id = excluded.customer_id,
                            amount_refunded_minor = excluded.amount_refunded_minor, status = excluded.status,
                            refund_seen = payment.refund_seen OR excluded.refund_seen""")
                .params(instanceId, charge.getId(), charge.getCustomer(),
                        StripeCurrencies.fromStripe(charge.getAmount(), charge.getCurrency()).minor(),
                        charge.getCurrency().toUpperCase(Locale.ROOT),
                        StripeCurrencies.fromStripe(charge.getAmountRefunded() == null ? 0 : charge.getAmountRefunded(),
                                charge.getCurrency()).minor(), charge.getStatus(),
                        Instant.ofEpochSecond(charge.getCreated()).atOffset(ZoneOffset.UTC),
                        charge.getAmountRefunded() != null && charge.getAmountRefunded() > 0)
                .update();
    }

    /**
     * Whether the charge's refunds must be read though it shows none refunded: it is new here (a refund may have
     * come and failed before Upkeep first saw it), or a refund of it was seen before (it may have failed since,
     * lowering amount_refunded again).
     */
    boolean mayHaveRefunds(long instanceId, String chargeId) {
        return jdbc.sql("SELECT NOT EXISTS (SELECT 1 FROM payment WHERE instance_id = ? AND charge_id = ? AND NOT refund_seen)")
                .params(instanceId, chargeId).query(Boolean.class).single();
    }

    void recordDispute(long instanceId, String chargeId, String status) {
        jdbc.sql("UPDATE payment SET dispute_status = ? WHERE instance_id = ? AND charge_id = ?")
                .params(status, instanceId, chargeId).update();
    }

    /** Whether the charge that paid this invoice is known: an invoice applied again need not ask Stripe. */
    boolean knowsPaidInvoice(long instanceId, String invoiceId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM stripe_paid_invoice WHERE instance_id = ? AND invoice_id = ?)")
                .params(instanceId, invoiceId).query(Boolean.class).single();
    }

    /** Remembers which charge paid a subscription's invoice, and through when. */
    void paidInvoice(long instanceId, String invoiceId, String subscriptionId, String chargeId,
            @Nullable String billingReason, Instant periodEnd) {
        jdbc.sql("""
                        INSERT INTO stripe_paid_invoice (instance_id, invoice_id, subscription_id, charge_id,
                            billing_reason, period_end)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(instanceId, invoiceId, subscriptionId, chargeId, billingReason,
                        periodEnd.atOffset(ZoneOffset.UTC))
                .update();
    }

    /**
     * What became of the charge that paid the customer's current period: refunded in full, disputed (open or
     * lost; an inquiry or a won dispute is no trouble), or nothing. That charge is the one of the paid invoice
     * reaching furthest that was not a mid-period change (a proration); a refund or dispute of an older charge,
     * or of a proration, leaves the period paid. Where no invoice is known to have been paid by a charge Upkeep
     * has, the customer's latest successful charge counts.
     */
    ChargeTrouble troubleOf(long instanceId, String customerId) {
        return jdbc.sql("""
                        SELECT CASE WHEN p.amount_refunded_minor >= p.amount_minor THEN 'REFUNDED'
                                    WHEN p.dispute_status IN ('needs_response', 'under_review', 'lost') THEN 'DISPUTED'
                                    ELSE 'NONE' END
                        FROM payment p
                        LEFT JOIN stripe_paid_invoice i ON i.instance_id = p.instance_id AND i.charge_id = p.charge_id
                            AND i.billing_reason IS DISTINCT FROM 'subscription_update'
                        WHERE p.instance_id = ? AND p.customer_id = ? AND p.status = 'succeeded'
                        ORDER BY i.period_end DESC NULLS LAST, p.paid_at DESC, p.charge_id DESC LIMIT 1""")
                .params(instanceId, customerId).query(String.class).optional()
                .map(ChargeTrouble::valueOf).orElse(ChargeTrouble.NONE);
    }
}
