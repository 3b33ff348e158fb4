package social.upkeep.billing.internal;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.BalanceTransaction;
import com.stripe.model.Charge;
import com.stripe.model.Dispute;
import com.stripe.model.Invoice;
import com.stripe.model.InvoiceLineItem;
import com.stripe.model.InvoicePayment;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Price;
import com.stripe.model.Refund;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.model.checkout.Session;
import com.stripe.param.ChargeListParams;
import com.stripe.param.ChargeRetrieveParams;
import com.stripe.param.DisputeListParams;
import com.stripe.param.InvoiceRetrieveParams;
import com.stripe.param.RefundListParams;
import java.time.Instant;
import java.util.Currency;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import social.upkeep.instance.Instance;
import social.upkeep.ledger.EntryKind;
import social.upkeep.membership.Memberships;
import social.upkeep.membership.SubscriptionFacts;
import social.upkeep.notification.OperatorAlerts;
import social.upkeep.notification.Receipts;
import social.upkeep.shared.Money;
import social.upkeep.tier.Tiers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies one stored event. The event only says which object changed: that object is fetched from Stripe and
 * its current state applied, since events arrive late, twice and out of order and the fetched object is the
 * truth. So an event of another API version is applied like any other, and applying any event again changes
 * nothing. Objects Upkeep did not start (no Upkeep metadata) or started for another server are left alone.
 */
@Component
class EventApplier {

    /**
     * What became of an event: applied, or ignored with the reason. The subject is the subscription or charge
     * it was about, which a member's timeline lists it under.
     */
    record Outcome(boolean applied, @Nullable String subject, @Nullable String note) {

        static Outcome applied(String subject) {
            return new Outcome(true, subject, null);
        }

        static Outcome ignored(@Nullable String subject, String note) {
            return new Outcome(false, subject, note);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Payments payments;
    private final Receipts receipts;
    private final OperatorAlerts alerts;
    private final Tiers tiers;
    private final StripeBookkeeping bookkeeping;
    private final Memberships memberships;

    EventApplier(JdbcClient jdbc, Payments payments, StripeBookkeeping bookkeeping, Memberships memberships,
            Receipts receipts, Tiers tiers, OperatorAlerts alerts) {
        this.alerts = alerts;
        this.receipts = receipts;
        this.tiers = tiers;
        this.jdbc = jdbc;
        this.payments = payments;
        this.bookkeeping = bookkeeping;
        this.memberships = memberships;
    }

    Outcome apply(Instance server, StripeClient stripe, StoredEvent event) throws StripeException {
        JsonNode object = JSON.readTree(event.payload()).path("data").path("object");
        String id = object.path("id").asString(null);
        if (id == null) {
            return Outcome.ignored(null, "the event names no object");
        }
        String cause = event.type() + " " + event.eventId();
        // Routed by the object the event carries, not by its name: charge.refund.updated carries a refund.
        return switch (object.path("object").asString(objectOf(event.type()))) {
            case "checkout.session" -> checkoutSession(server, stripe, id, cause);
            case "subscription" -> subscription(server, stripe, id, cause);
            case "invoice" -> invoice(server, stripe, id, cause);
            case "dispute" -> dispute(server, stripe, id, cause);
            case "charge" -> charge(server, stripe, id, cause, false);
            case "refund" -> refund(server, stripe, id, cause);
            default -> Outcome.ignored(id, "Upkeep does not handle " + event.type());
        };
    }

    /** The object an event of this type carries, for an event whose object does not say (older payloads). */
    private static String objectOf(String type) {
        return type.startsWith("checkout.session.") ? "checkout.session"
                : type.startsWith("customer.subscription.") ? "subscription"
                : type.startsWith("charge.dispute.") ? "dispute"
                : type.startsWith("charge.refund.") || type.startsWith("refund.") ? "refund"
                : type.substring(0, Math.max(0, type.indexOf('.')));
    }

    /** The daily check of a subscription not yet over: applied with its latest invoice, as an event would be. */
    Outcome refresh(Instance server, StripeClient stripe, String subscriptionId, @Nullable String latestInvoice)
            throws StripeException {
        return latestInvoice != null ? invoice(server, stripe, latestInvoice, "daily check")
                : subscription(server, stripe, subscriptionId, "daily check");
    }

    private Outcome checkoutSession(Instance server, StripeClient stripe, String id, String cause)
            throws StripeException {
        Session session = stripe.v1().checkout().sessions().retrieve(id);
        Optional<String> foreign = foreign(server, session.getMetadata());
        if (foreign.isPresent()) {
            return Outcome.ignored(id, foreign.get());
        }
        long checkoutId = Long.parseLong(session.getMetadata().get("upkeep_checkout"));
        Optional<Long> supporter = jdbc.sql("SELECT supporter_id FROM checkout WHERE id = ? AND instance_id = ?")
                .params(checkoutId, server.id()).query(Long.class).optional();
        if (supporter.isEmpty()) {
            return Outcome.ignored(id, "no checkout " + checkoutId + " on this server");
        }
        if (session.getCustomer() != null) {
            learnCustomer(server, stripe, session.getCustomer(), supporter.get(), checkoutId, cause);
        }
        if ("complete".equals(session.getStatus())) {
            jdbc.sql("UPDATE checkout SET status = 'COMPLETED' WHERE id = ?").param(checkoutId).update();
        } else if ("expired".equals(session.getStatus())) {
            jdbc.sql("UPDATE checkout SET status = 'EXPIRED' WHERE id = ? AND status = 'OPEN'").param(checkoutId)
                    .update();
        }
        String subject = id;
        if (session.getSubscription() != null) {
            subscription(server, stripe, session.getSubscription(), cause);
            subject = session.getSubscription();
        }
        if (session.getPaymentIntent() != null) {
            PaymentIntent intent = stripe.v1().paymentIntents().retrieve(session.getPaymentIntent());
            if (intent.getLatestCharge() != null) {
                charge(server, stripe, intent.getLatestCharge(), cause, false);
                subject = intent.getLatestCharge();
            }
        }
        return Outcome.applied(subject);
    }

    private Outcome subscription(Instance server, StripeClient stripe, String id, String cause)
            throws StripeException {
        payments.serialize(server.id(), id);
        Subscription subscription = stripe.v1().subscriptions().retrieve(id);
        Optional<String> foreign = foreign(server, subscription.getMetadata());
        if (foreign.isPresent()) {
            return Outcome.ignored(id, foreign.get());
        }
        Map<String, String> metadata = subscription.getMetadata();
        long checkoutId = Long.parseLong(metadata.get("upkeep_checkout"));
        var checkout = jdbc.sql("SELECT supporter_id, tier_id FROM checkout WHERE id = ? AND instance_id = ?")
                .params(checkoutId, server.id())
                .query((rs, row) -> new long[] {rs.getLong("supporter_id"), rs.getLong("tier_id")})
                .optional();
        if (checkout.isEmpty()) {
            return Outcome.ignored(id, "no checkout " + checkoutId + " on this server");
        }
        long supporterId = checkout.get()[0];
        // A tier change writes the new tier into the subscription's metadata; until then the checkout's holds.
        Long tierId = metadata.containsKey("upkeep_tier") ? Long.valueOf(metadata.get("upkeep_tier"))
                : checkout.get()[1] == 0 ? null : checkout.get()[1];
        SubscriptionItem item = subscription.getItems().getData().get(0);
        Price price = item.getPrice();
        long quantity = item.getQuantity() == null ? 1 : item.getQuantity();
        Money amount = StripeCurrencies.fromStripe(price.getUnitAmount() * quantity, price.getCurrency());
        String interval = price.getRecurring() == null ? "month" : price.getRecurring().getInterval();
        learnCustomer(server, stripe, subscription.getCustomer(), supporterId, null, cause);
        payments.lockCustomer(server.id(), subscription.getCustomer());
        memberships.recordSubscription(server.id(), new SubscriptionFacts(id, subscription.getCustomer(),
                supporterId, tierId, "year".equals(interval) ? "YEAR" : "MONTH", amount, subscription.getStatus(),
                // Flexible billing mode (the default since 2025-09-30.clover) cancels by setting cancel_at and leaves
                // cancel_at_period_end false: either means the subscription ends as scheduled.
                Boolean.TRUE.equals(subscription.getCancelAtPeriodEnd()) || subscription.getCancelAt() != null,
                subscription.getCancellationDetails() == null ? null
                        : subscription.getCancellationDetails().getReason(),
                item.getCurrentPeriodEnd() == null ? null : Instant.ofEpochSecond(item.getCurrentPeriodEnd()),
                payments.troubleOf(server.id(), subscription.getCustomer())), cause);
        return Outcome.applied(id);
    }

    private Outcome invoice(Instance server, StripeClient stripe, String id, String cause) throws StripeException {
        Invoice invoice = stripe.v1().invoices().retrieve(id,
                InvoiceRetrieveParams.builder().addExpand("payments").build());
        String subscriptionId = invoice.getParent() == null || invoice.getParent().getSubscriptionDetails() == null
                ? null : invoice.getParent().getSubscriptionDetails().getSubscription();
        if (subscriptionId == null) {
            return Outcome.ignored(id, "not a subscription's invoice");
        }
        Optional<Instant> paidThrough = "paid".equals(invoice.getStatus()) ? invoice.getLines().getData().stream()
                .map(InvoiceLineItem::getPeriod)
                .filter(period -> period != null && period.getEnd() != null)
                .map(period -> Instant.ofEpochSecond(period.getEnd()))
                .max(Instant::compareTo) : Optional.empty();
        if (paidThrough.isPresent() && !payments.knowsPaidInvoice(server.id(), id)) {
            // Known before the subscription is applied, so its trouble is judged by the charge that paid.
            String charge = payingCharge(stripe, invoice);
            if (charge != null) {
                payments.paidInvoice(server.id(), id, subscriptionId, charge, invoice.getBillingReason(),
                        paidThrough.get());
            }
        }
        Outcome subscription = subscription(server, stripe, subscriptionId, cause);
        if (!subscription.applied()) {
            return Outcome.ignored(id, subscription.note());
        }
        paidThrough.ifPresent(end -> memberships.recordPaidPeriod(server.id(), subscriptionId, end, cause));
        return Outcome.applied(subscriptionId);
    }

    /** The charge that paid an invoice: from its invoice payments (since 2025-03-31.basil it names no charge). */
    private static @Nullable String payingCharge(StripeClient stripe, Invoice invoice) throws StripeException {
        if (invoice.getPayments() == null || invoice.getPayments().getData() == null) {
            return null;
        }
        for (InvoicePayment payment : invoice.getPayments().getData()) {
            if (!"paid".equals(payment.getStatus()) || payment.getPayment() == null) {
                continue;
            }
            if (payment.getPayment().getCharge() != null) {
                return payment.getPayment().getCharge();
            }
            if (payment.getPayment().getPaymentIntent() != null) {
                return stripe.v1().paymentIntents().retrieve(payment.getPayment().getPaymentIntent()).getLatestCharge();
            }
        }
        return null;
    }

    /**
     * Books the charge, its fee, its refunds and its disputes, and tells the membership what became of it. Only
     * charges of customers this server's checkouts created are booked: a charge applied before its customer was
     * known is booked when the customer becomes known ({@link #learnCustomer}), whichever happens last.
     */
    private Outcome charge(Instance server, StripeClient stripe, String id, String cause, boolean refundChanged)
            throws StripeException {
        payments.serialize(server.id(), id);
        Charge charge = stripe.v1().charges().retrieve(id,
                ChargeRetrieveParams.builder().addExpand("balance_transaction").build());
        if (charge.getCustomer() == null || !payments.knowsCustomer(server.id(), charge.getCustomer())) {
            return Outcome.ignored(id, "not (yet) a payment of this server's supporters");
        }
        payments.lockCustomer(server.id(), charge.getCustomer());
        // A refund that failed lowers amount_refunded again: a charge new here, or once refunded, is read for them.
        boolean refunds = refundChanged || payments.mayHaveRefunds(server.id(), id)
                || charge.getAmountRefunded() != null && charge.getAmountRefunded() > 0;
        payments.record(server.id(), charge);
        Money paid = StripeCurrencies.fromStripe(charge.getAmount(), charge.getCurrency());
        if ("succeeded".equals(charge.getStatus())) {
            receipt(server, charge, paid);
        }
        if ("succeeded".equals(charge.getStatus()) && charge.getBalanceTransactionObject() != null) {
            bookkeeping.book(server, id, charge.getBalanceTransactionObject(), EntryKind.INCOME,
                    "Payment via Stripe", paid);
        }
        if (refunds) {
            for (Refund refund : stripe.v1().refunds().list(RefundListParams.builder().setCharge(id).setLimit(100L)
                    .addExpand("data.balance_transaction").addExpand("data.failure_balance_transaction").build())
                    .autoPagingIterable()) {
                bookRefund(server, id, refund, paid.currency());
            }
        }
        if (Boolean.TRUE.equals(charge.getDisputed())) {
            boolean newest = true;
            for (Dispute dispute : stripe.v1().disputes().list(DisputeListParams.builder().setCharge(id)
                    .setLimit(100L).build()).autoPagingIterable()) {
                if (newest) {
                    payments.recordDispute(server.id(), id, dispute.getStatus());
                    newest = false;
                }
                if (dispute.getStatus() != null && dispute.getStatus().contains("needs_response")) {
                    alerts.send(server.id(), OperatorAlerts.Kind.PAYMENTS, "dispute:" + dispute.getId(),
                            "alert.dispute", "/operator/servers/" + server.id() + "/members",
                            paid, String.valueOf(dispute.getReason()),
                            dispute.getId());
                }
                bookDispute(server, dispute);
            }
        }
        tellMemberships(server, charge.getCustomer(), cause);
        return Outcome.applied(id);
    }

    /** Queues the receipt in this transaction (once per charge, however often the charge's events come). */
    private void receipt(Instance server, Charge charge, Money paid) {
        Long supporterId = payments.supporterOf(server.id(), charge.getCustomer());
        if (supporterId == null) {
            return;
        }
        // What it paid for: the customer's membership, else the checkout that made the customer, else a gift.
        var membership = memberships.ofSupporter(server.id(), supporterId).stream()
                .filter(m -> charge.getCustomer().equals(m.customerId()) && m.subscriptionId() != null).findFirst();
        Payments.Checkout checkout = payments.checkoutOf(server.id(), charge.getCustomer());
        Long tierId = membership.isPresent() ? membership.get().tierId() : checkout == null ? null : checkout.tierId();
        boolean recurring = membership.isPresent() || (checkout != null && !"ONCE".equals(checkout.frequency()));
        Receipts.Purpose purpose = !recurring ? Receipts.Purpose.DONATION
                : tierId == null ? Receipts.Purpose.RECURRING_DONATION : Receipts.Purpose.MEMBERSHIP;
        String tierName = purpose == Receipts.Purpose.MEMBERSHIP ? tiers.get(server.id(), tierId).name() : null;
        String address = charge.getBillingDetails() != null && charge.getBillingDetails().getEmail() != null
                ? charge.getBillingDetails().getEmail() : charge.getReceiptEmail();
        receipts.paid(new Receipts.Payment(server.id(), supporterId, charge.getId(), paid,
                Instant.ofEpochSecond(charge.getCreated()), purpose, tierName, address));
    }

    /**
     * Books a refund's balance transaction as soon as it exists (a pending refund has already left the balance),
     * and the money a failed refund brought back ({@code failure_balance_transaction}, type refund_failure) as
     * the refund's reversal; a refund canceled while it required action gives its money back the same way.
     */
    private void bookRefund(Instance server, String chargeId, Refund refund, Currency presented) {
        BalanceTransaction taken = refund.getBalanceTransactionObject();
        if (taken == null) {
            return;
        }
        Money amount = StripeCurrencies.fromStripe(-refund.getAmount(), presented.getCurrencyCode());
        bookkeeping.book(server, chargeId, taken, EntryKind.REFUND, "Refund via Stripe", amount);
        BalanceTransaction returned = refund.getFailureBalanceTransactionObject();
        if (returned != null) {
            bookkeeping.bookReturn(server, chargeId, taken, returned, EntryKind.REFUND,
                    "Refund failed: funds returned");
        }
    }

    /** A refund's event: its charge, fetched with every refund, says everything. */
    private Outcome refund(Instance server, StripeClient stripe, String id, String cause) throws StripeException {
        Refund refund = stripe.v1().refunds().retrieve(id);
        if (refund.getCharge() == null) {
            return Outcome.ignored(id, "a refund of no charge");
        }
        return charge(server, stripe, refund.getCharge(), cause, true);
    }

    /** A dispute's event: its charge, fetched, says everything (the dispute included). */
    private Outcome dispute(Instance server, StripeClient stripe, String id, String cause) throws StripeException {
        Dispute dispute = stripe.v1().disputes().retrieve(id);
        return charge(server, stripe, dispute.getCharge(), cause, false);
    }

    /** Books what a dispute took (amount and fee) and, when won, gave back. */
    private void bookDispute(Instance server, Dispute dispute) {
        BalanceTransaction withdrawal = null;
        for (BalanceTransaction transaction : dispute.getBalanceTransactions()) {
            if (transaction.getAmount() < 0 || withdrawal == null) {
                bookkeeping.book(server, dispute.getCharge(), transaction, EntryKind.DISPUTE,
                        "Dispute: funds withdrawn", null);
                withdrawal = transaction.getAmount() < 0 ? transaction : withdrawal;
            } else {
                bookkeeping.bookReturn(server, dispute.getCharge(), withdrawal, transaction, EntryKind.DISPUTE,
                        "Dispute won: funds reinstated");
            }
        }
    }

    /** Learns whose a customer is; the first time, books the customer's charges applied before it was known. */
    private void learnCustomer(Instance server, StripeClient stripe, String customerId, long supporterId,
            @Nullable Long checkoutId, String cause) throws StripeException {
        boolean fresh = payments.rememberCustomer(server.id(), customerId, supporterId);
        if (checkoutId != null) {
            payments.madeBy(server.id(), customerId, checkoutId);
        }
        if (fresh) {
            for (Charge charge : stripe.v1().charges().list(ChargeListParams.builder().setCustomer(customerId)
                    .setLimit(100L).build()).autoPagingIterable()) {
                charge(server, stripe, charge.getId(), cause, false);
            }
        }
    }

    private void tellMemberships(Instance server, @Nullable String customerId, String cause) {
        if (customerId != null) {
            memberships.recordChargeTrouble(server.id(), customerId, payments.troubleOf(server.id(), customerId),
                    cause);
        }
    }

    /** Why an object is not this server's to apply, if it is not. */
    private static Optional<String> foreign(Instance server, @Nullable Map<String, String> metadata) {
        String owner = metadata == null ? null : metadata.get("upkeep_server");
        if (owner == null || !metadata.containsKey("upkeep_checkout")) {
            return Optional.of("not started through Upkeep");
        }
        if (!owner.equals(String.valueOf(server.id()))) {
            return Optional.of("belongs to another server");
        }
        return Optional.empty();
    }
}
