package social.upkeep.support;

import com.stripe.Stripe;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Stripe account moving through the lifecycle of payments as Stripe would: each step changes the objects
 * WireMock serves ({@link StripeObjects}) and emits the events Stripe would send, for the test to deliver
 * when and as often as it likes. Objects are shaped after the bodies in {@code src/test/resources/stripe/objects}
 * (trimmed from ../shared/fixtures/stripe/fixtures3.json). Fees are 1.5 % + 25 cents.
 */
public final class StripeWorld {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicLong IDS = new AtomicLong();

    /** An event as Stripe would deliver it. */
    public record Delivery(String eventId, String type, String payload, long created) {
    }

    /** One subscription and the objects around it. */
    public final class Subscription {
        public final String id;
        public final String customer;
        final ObjectNode object;
        Instant periodEnd;
        String openInvoice;
        long checkoutId;
        public String lastCharge;

        Subscription(String id, String customer, ObjectNode object) {
            this.id = id;
            this.customer = customer;
            this.object = object;
        }

        /** The end of the current period. */
        public Instant periodEnd() {
            return periodEnd;
        }
    }

    private final long serverId;
    private final MutableClock clock;
    private final StripeObjects objects;
    private final String currency;
    private final List<Delivery> emitted = new ArrayList<>();
    /** The currency balance transactions are in, and the rate from the charge's currency to it (null: none). */
    private String settlement;
    private java.math.BigDecimal exchangeRate;
    private boolean rateGiven = true;
    /** What a dispute costs, in the settlement currency's minor units; Stripe's fee varies by country. */
    private long disputeFee = 1500;
    private String customerEmail;

    public StripeWorld(long serverId, MutableClock clock, String currency) {
        this.serverId = serverId;
        this.clock = clock;
        this.objects = StripeStubs.objects();
        this.currency = currency.toLowerCase(java.util.Locale.ROOT);
        this.settlement = this.currency;
    }

    /**
     * From now on the account settles in another currency: balance transactions are in it, converted at
     * {@code rate} (the charge's amount × rate = the settled amount), with {@code exchange_rate} set
     * (docs.stripe.com/api/balance_transactions/object#balance_transaction_object-exchange_rate).
     */
    public StripeWorld settleIn(String settlementCurrency, java.math.BigDecimal rate) {
        this.settlement = settlementCurrency.toLowerCase(java.util.Locale.ROOT);
        this.exchangeRate = rate;
        return this;
    }

    /** Balance transactions in another currency that name no rate: what Upkeep cannot convert by itself. */
    public StripeWorld withoutExchangeRate() {
        return withExchangeRate(false);
    }

    /** Whether balance transactions in another currency name the rate (they do, unless told otherwise). */
    public StripeWorld withExchangeRate(boolean given) {
        this.rateGiven = given;
        return this;
    }

    /**
     * The address supporters type into Checkout from now on: Stripe puts it in the session's
     * {@code customer_details.email} (as in ../shared/fixtures/stripe/fixtures3.json's checkout.session).
     */
    public StripeWorld customerEmail(String email) {
        this.customerEmail = email;
        return this;
    }

    /**
     * The supporter (or Upkeep for them) cancels the subscription at once: DELETE /v1/subscriptions/{id} answers
     * the subscription {@code canceled}, and Stripe sends {@code customer.subscription.deleted}
     * (docs.stripe.com/api/subscriptions/cancel). Returns the answer's body.
     */
    public String cancelNow(Subscription s) {
        s.object.put("status", "canceled").put("canceled_at", now()).put("ended_at", now())
                .put("cancel_at_period_end", false);
        s.object.putObject("cancellation_details").put("reason", "cancellation_requested");
        save(s);
        emit("customer.subscription.deleted", s.object);
        return s.object.toString();
    }

    /** The dispute fee from now on (Stripe's varies by country and currency: DESIGN.md §8). */
    public StripeWorld disputeFee(long fee) {
        this.disputeFee = fee;
        return this;
    }

    /** The events emitted since the last call, in the order Stripe sent them. */
    public List<Delivery> take() {
        List<Delivery> taken = List.copyOf(emitted);
        emitted.clear();
        return taken;
    }

    /** A supporter completes checkout for a subscription: active, first period paid. */
    public Subscription subscribe(long checkoutId, Long tierId, long amount, String interval) {
        Subscription s = newSubscription(checkoutId, tierId, amount, interval);
        ObjectNode session = session("subscription", checkoutId, s.customer);
        session.put("subscription", s.id);
        startPeriod(s);
        String invoice = invoice(s, "paid", "subscription_create");
        String charge = charge(s.customer, amount, true);
        pay(invoice, charge);
        s.lastCharge = charge;
        s.object.put("status", "active").put("latest_invoice", invoice);
        save(s);
        emit("checkout.session.completed", session);
        emit("customer.subscription.created", s.object);
        emit("invoice.paid", get("/v1/invoices/" + invoice));
        emit("charge.succeeded", get("/v1/charges/" + charge));
        return s;
    }

    /**
     * The subscription is created but its first payment waits for the supporter's action (3-D Secure, say): status
     * {@code incomplete}, its first invoice open, the checkout not complete yet
     * (docs.stripe.com/billing/subscriptions/overview#payment-status).
     */
    public Subscription subscribeIncomplete(long checkoutId, Long tierId, long amount, String interval) {
        Subscription s = newSubscription(checkoutId, tierId, amount, interval);
        startPeriod(s);
        s.openInvoice = invoice(s, "open", "subscription_create");
        s.object.put("status", "incomplete").put("latest_invoice", s.openInvoice);
        save(s);
        emit("customer.subscription.created", s.object);
        return s;
    }

    /** The supporter completes the first payment: the invoice is paid, the subscription active, the checkout done. */
    public void completeFirstPayment(Subscription s) {
        ObjectNode session = session("subscription", s.checkoutId, s.customer);
        session.put("subscription", s.id);
        recover(s);
        emit("checkout.session.completed", session);
    }

    /** Nobody completed the first payment within 23 hours: {@code incomplete_expired}, never to be paid. */
    public void expireIncomplete(Subscription s) {
        s.object.put("status", "incomplete_expired");
        save(s);
        emit("customer.subscription.updated", s.object);
    }

    /**
     * A subscription with a free trial: status {@code trialing}, a paid invoice of 0.00 for the trial's period and
     * no charge (docs.stripe.com/billing/subscriptions/trials). At the trial's end {@link #renew} charges the first
     * period, or {@link #pause} pauses it for want of a payment method.
     */
    public Subscription subscribeWithTrial(long checkoutId, Long tierId, long amount, String interval, int days) {
        Subscription s = newSubscription(checkoutId, tierId, amount, interval);
        ObjectNode session = session("subscription", checkoutId, s.customer);
        session.put("subscription", s.id);
        s.periodEnd = clock.instant().plus(java.time.Duration.ofDays(days));
        item(s.object).put("current_period_start", now()).put("current_period_end", s.periodEnd.getEpochSecond());
        String invoice = invoice(s, "paid", "subscription_create", 0);
        s.object.put("status", "trialing").put("trial_start", now()).put("trial_end", s.periodEnd.getEpochSecond())
                .put("latest_invoice", invoice);
        save(s);
        emit("checkout.session.completed", session);
        emit("customer.subscription.created", s.object);
        emit("invoice.paid", get("/v1/invoices/" + invoice));
        return s;
    }

    private Subscription newSubscription(long checkoutId, Long tierId, long amount, String interval) {
        String n = next();
        ObjectNode sub = template("subscription");
        Subscription s = new Subscription("sub_" + n, "cus_" + n, sub);
        s.checkoutId = checkoutId;
        sub.put("id", s.id).put("customer", s.customer).put("currency", currency).put("created", now());
        ObjectNode metadata = sub.putObject("metadata");
        metadata.put("upkeep_checkout", String.valueOf(checkoutId)).put("upkeep_server", String.valueOf(serverId));
        if (tierId != null) {
            metadata.put("upkeep_tier", String.valueOf(tierId));
        }
        ObjectNode item = item(sub);
        item.put("subscription", s.id);
        ObjectNode price = (ObjectNode) item.get("price");
        price.put("unit_amount", amount).put("unit_amount_decimal", String.valueOf(amount)).put("currency", currency);
        ((ObjectNode) price.get("recurring")).put("interval", interval);
        s.periodEnd = clock.instant();
        return s;
    }

    /** The next period is paid. */
    public void renew(Subscription s) {
        startPeriod(s);
        String invoice = invoice(s, "paid", "subscription_cycle");
        s.lastCharge = charge(s.customer, amount(s), true);
        pay(invoice, s.lastCharge);
        s.object.put("status", "active").put("latest_invoice", invoice);
        save(s);
        emit("invoice.paid", get("/v1/invoices/" + invoice));
        emit("charge.succeeded", get("/v1/charges/" + s.lastCharge));
        emit("customer.subscription.updated", s.object);
    }

    /** The next period starts, but its payment fails: past due. */
    public void failRenewal(Subscription s) {
        startPeriod(s);
        s.openInvoice = invoice(s, "open", "subscription_cycle");
        String charge = charge(s.customer, amount(s), false);
        s.object.put("status", "past_due").put("latest_invoice", s.openInvoice);
        save(s);
        emit("charge.failed", get("/v1/charges/" + charge));
        emit("invoice.payment_failed", get("/v1/invoices/" + s.openInvoice));
        emit("customer.subscription.updated", s.object);
    }

    /** A retry of the failed renewal succeeds. */
    public void recover(Subscription s) {
        ObjectNode invoice = get("/v1/invoices/" + s.openInvoice);
        invoice.put("status", "paid").put("amount_paid", amount(s)).put("amount_remaining", 0);
        put("/v1/invoices/" + s.openInvoice, invoice);
        s.lastCharge = charge(s.customer, amount(s), true);
        pay(s.openInvoice, s.lastCharge);
        invoice = get("/v1/invoices/" + s.openInvoice);
        s.object.put("status", "active");
        save(s);
        emit("charge.succeeded", get("/v1/charges/" + s.lastCharge));
        emit("invoice.paid", invoice);
        emit("customer.subscription.updated", s.object);
    }

    /** The supporter cancels; the subscription runs to the end of the period. */
    public void cancelAtPeriodEnd(Subscription s) {
        s.object.put("cancel_at_period_end", true).put("cancel_at", s.periodEnd.getEpochSecond())
                .put("canceled_at", now());
        ((ObjectNode) s.object.get("cancellation_details")).put("reason", "cancellation_requested");
        save(s);
        emit("customer.subscription.updated", s.object);
    }

    /**
     * The supporter cancels in the customer portal of a subscription in flexible billing mode, the default for new
     * subscriptions since API version 2025-09-30.clover: Stripe sets {@code cancel_at} to the period's end and
     * leaves {@code cancel_at_period_end} false (docs.stripe.com/billing/subscriptions/billing-mode; DESIGN.md §8).
     */
    public void cancelFromPortalInFlexibleMode(Subscription s) {
        s.object.put("cancel_at_period_end", false).put("cancel_at", s.periodEnd.getEpochSecond())
                .put("canceled_at", now());
        ((ObjectNode) s.object.get("cancellation_details")).put("reason", "cancellation_requested");
        save(s);
        emit("customer.subscription.updated", s.object);
    }

    /** The period of a subscription cancelled at its end is over. */
    public void endPeriod(Subscription s) {
        s.object.put("status", "canceled").put("ended_at", now());
        save(s);
        emit("customer.subscription.deleted", s.object);
    }

    /**
     * Stripe gave up retrying the failed renewal and, as the account's settings can ask, left the subscription
     * {@code unpaid} instead of cancelling it (docs.stripe.com/billing/subscriptions/overview#subscription-statuses).
     */
    public void markUnpaid(Subscription s) {
        s.object.put("status", "unpaid");
        save(s);
        emit("customer.subscription.updated", s.object);
    }

    /**
     * A trial ended without a payment method and the subscription is {@code paused}
     * (trial_settings.end_behavior.missing_payment_method = pause; docs.stripe.com/billing/subscriptions/trials).
     */
    public void pause(Subscription s) {
        s.object.put("status", "paused");
        save(s);
        emit("customer.subscription.paused", s.object);
        emit("customer.subscription.updated", s.object);
    }

    /** Stripe gave up retrying the failed renewal and cancelled the subscription. */
    public void cancelForNonPayment(Subscription s) {
        s.object.put("status", "canceled").put("ended_at", now()).put("canceled_at", now());
        ((ObjectNode) s.object.get("cancellation_details")).put("reason", "payment_failed");
        save(s);
        emit("customer.subscription.deleted", s.object);
    }

    /** The supporter switches to another tier at another price (the metadata Upkeep writes names the tier). */
    public void changeTier(Subscription s, long tierId, long amount) {
        ((ObjectNode) s.object.get("metadata")).put("upkeep_tier", String.valueOf(tierId));
        ObjectNode price = (ObjectNode) item(s.object).get("price");
        price.put("id", "price_" + next()).put("unit_amount", amount).put("unit_amount_decimal", String.valueOf(amount));
        save(s);
        emit("customer.subscription.updated", s.object);
    }

    /**
     * The supporter moves to a dearer tier mid-period and Stripe invoices the proration at once (billing_reason
     * subscription_update, its line ending with the current period: docs.stripe.com/billing/subscriptions/prorations);
     * returns the proration's charge.
     */
    public String changeTierProrated(Subscription s, long tierId, long amount, long proration) {
        changeTier(s, tierId, amount);
        String invoice = invoice(s, "paid", "subscription_update", proration);
        String charge = charge(s.customer, proration, true);
        pay(invoice, charge);
        emit("invoice.paid", get("/v1/invoices/" + invoice));
        emit("charge.succeeded", get("/v1/charges/" + charge));
        return charge;
    }

    /**
     * The invoice's payment, as an invoice payment naming the payment intent whose latest charge paid it (since
     * API version 2025-03-31.basil an invoice names no charge: docs.stripe.com/api/invoice-payment/object). The
     * invoice only includes {@code payments} when asked to expand it (StripeObjects).
     */
    private void pay(String invoiceId, String chargeId) {
        ObjectNode charge = get("/v1/charges/" + chargeId);
        ObjectNode intent = template("payment_intent");
        String intentId = "pi_" + next();
        intent.put("id", intentId).put("amount", charge.get("amount").asLong())
                .put("amount_received", charge.get("amount").asLong()).put("currency", currency)
                .put("customer", charge.get("customer").asString()).put("latest_charge", chargeId).put("created", now());
        put("/v1/payment_intents/" + intentId, intent);
        ObjectNode invoice = get("/v1/invoices/" + invoiceId);
        ObjectNode payments = invoice.putObject("payments");
        payments.put("object", "list").put("has_more", false).put("url", "/v1/invoice_payments");
        ObjectNode payment = payments.putArray("data").addObject();
        payment.put("id", "inpay_" + next()).put("object", "invoice_payment").put("invoice", invoiceId)
                .put("amount_paid", charge.get("amount").asLong()).put("currency", currency).put("status", "paid")
                .put("is_default", true).put("created", now());
        payment.putObject("payment").put("type", "payment_intent").put("payment_intent", intentId);
        put("/v1/invoices/" + invoiceId, invoice);
    }

    /** A one-time gift through checkout in payment mode. Returns the charge id. */
    public String donate(long checkoutId, long amount) {
        String customer = "cus_" + next();
        String charge = charge(customer, amount, true);
        ObjectNode intent = template("payment_intent");
        String intentId = "pi_" + next();
        intent.put("id", intentId).put("amount", amount).put("amount_received", amount).put("currency", currency)
                .put("customer", customer).put("latest_charge", charge).put("created", now());
        put("/v1/payment_intents/" + intentId, intent);
        ObjectNode session = session("payment", checkoutId, customer);
        session.put("payment_intent", intentId).put("amount_total", amount).put("amount_subtotal", amount);
        put("/v1/checkout/sessions/" + session.get("id").asString(), session);
        emit("checkout.session.completed", session);
        emit("charge.succeeded", get("/v1/charges/" + charge));
        return charge;
    }

    /** A charge whose balance transaction (and fee) Stripe has not made yet: it comes with charge.updated. */
    public String donateWithLateBalance(long checkoutId, long amount) {
        String charge = donate(checkoutId, amount);
        ObjectNode object = get("/v1/charges/" + charge);
        JsonNode balance = object.get("balance_transaction");
        object.putNull("balance_transaction");
        put("/v1/charges/" + charge, object);
        emitted.removeIf(d -> d.type().equals("charge.succeeded"));
        emit("charge.succeeded", object);
        lateBalance.put(charge, balance);
        return charge;
    }

    private final Map<String, JsonNode> lateBalance = new java.util.HashMap<>();

    /** The balance transaction of a charge made by {@link #donateWithLateBalance} is ready. */
    public void settle(String charge) {
        ObjectNode object = get("/v1/charges/" + charge);
        object.set("balance_transaction", lateBalance.remove(charge));
        put("/v1/charges/" + charge, object);
        emit("charge.updated", object);
    }

    /** The operator refunds part or all of a charge, and the refund succeeds at once (as most card refunds do). */
    public String refund(String charge, long amount) {
        String id = startRefund(charge, amount, "succeeded");
        emit("charge.refunded", get("/v1/charges/" + charge));
        emit("refund.created", get("/v1/refunds/" + id));
        return id;
    }

    /**
     * A refund Stripe has not finished: {@code pending}, its balance transaction already taken from the balance
     * (docs.stripe.com/refunds#refund-statuses). Stripe sends refund.created and charge.refunded.
     */
    public String refundPending(String charge, long amount) {
        String id = startRefund(charge, amount, "pending");
        emit("refund.created", get("/v1/refunds/" + id));
        emit("charge.refunded", get("/v1/charges/" + charge));
        return id;
    }

    /** A pending refund succeeds: refund.updated. */
    public void refundSucceeds(String refund) {
        ObjectNode object = get("/v1/refunds/" + refund);
        object.put("status", "succeeded");
        put("/v1/refunds/" + refund, object);
        emit("refund.updated", object);
    }

    /**
     * A pending refund fails (the card was closed, say): the money comes back to the balance through the
     * refund's {@code failure_balance_transaction} (type refund_failure), the charge's amount_refunded drops
     * again, and Stripe sends refund.failed, refund.updated and charge.refund.updated (DESIGN.md §8;
     * docs.stripe.com/refunds#failed-refunds).
     */
    public void refundFails(String refund) {
        giveBack(refund, "failed", "expired_or_canceled_card");
        emit("refund.failed", get("/v1/refunds/" + refund));
        emit("refund.updated", get("/v1/refunds/" + refund));
        emit("charge.refund.updated", get("/v1/refunds/" + refund));
    }

    /**
     * A refund waiting for the customer's action ({@code requires_action}, its balance transaction already taken).
     */
    public String refundRequiringAction(String charge, long amount) {
        String id = startRefund(charge, amount, "requires_action");
        emit("refund.created", get("/v1/refunds/" + id));
        emit("charge.refunded", get("/v1/charges/" + charge));
        return id;
    }

    /**
     * The operator cancels a refund that required action: {@code canceled}, failure_reason merchant_request, and
     * like a failed one its money comes back through {@code failure_balance_transaction}
     * (docs.stripe.com/api/refunds/cancel, whose example answer carries both balance transactions).
     */
    public void cancelRefund(String refund) {
        giveBack(refund, "canceled", "merchant_request");
        emit("refund.updated", get("/v1/refunds/" + refund));
        emit("charge.refund.updated", get("/v1/refunds/" + refund));
    }

    private void giveBack(String refund, String status, String reason) {
        ObjectNode object = get("/v1/refunds/" + refund);
        long amount = object.get("amount").asLong();
        object.put("status", status).put("failure_reason", reason);
        object.set("failure_balance_transaction", balance("refund_failure", amount, 0, refund));
        put("/v1/refunds/" + refund, object);
        ObjectNode charge = get("/v1/charges/" + object.get("charge").asString());
        long refunded = charge.get("amount_refunded").asLong() - amount;
        charge.put("amount_refunded", refunded).put("refunded", false);
        put("/v1/charges/" + charge.get("id").asString(), charge);
    }

    private String startRefund(String charge, long amount, String status) {
        ObjectNode object = get("/v1/charges/" + charge);
        long refunded = object.get("amount_refunded").asLong() + amount;
        object.put("amount_refunded", refunded).put("refunded", refunded >= object.get("amount").asLong());
        put("/v1/charges/" + charge, object);
        ObjectNode refund = template("refund");
        String id = "re_" + next();
        refund.put("id", id).put("amount", amount).put("charge", charge).put("currency", currency)
                .put("created", now()).put("status", status);
        refund.set("balance_transaction", balance("refund", -amount, 0, id));
        put("/v1/refunds/" + id, refund);
        return id;
    }

    /**
     * Stripe charges a fee of its own (Billing usage, say) as a balance transaction of type stripe_fee, tied to no
     * charge (docs.stripe.com/reports/balance-transaction-types).
     */
    public String stripeFee(long amount, String description) {
        ObjectNode fee = balance("stripe_fee", -amount, 0, null);
        fee.put("description", description).put("reporting_category", "fee");
        put("/v1/balance_transactions/" + fee.get("id").asString(), fee);
        return fee.get("id").asString();
    }

    /**
     * An inquiry, not yet a chargeback: status warning_needs_response, no money moved, no balance transaction
     * (docs.stripe.com/disputes/how-disputes-work#inquiries).
     */
    public String inquiry(String charge) {
        ObjectNode object = get("/v1/charges/" + charge);
        object.put("disputed", true);
        put("/v1/charges/" + charge, object);
        ObjectNode dispute = template("dispute");
        String id = "dp_" + next();
        dispute.put("id", id).put("charge", charge).put("amount", object.get("amount").asLong())
                .put("currency", currency).put("created", now()).put("status", "warning_needs_response");
        put("/v1/disputes/" + id, dispute);
        emit("charge.dispute.created", dispute);
        return id;
    }

    /** The inquiry closes without becoming a chargeback. */
    public void closeInquiry(String dispute) {
        ObjectNode object = get("/v1/disputes/" + dispute);
        object.put("status", "warning_closed");
        put("/v1/disputes/" + dispute, object);
        emit("charge.dispute.closed", object);
    }

    /** A supporter's bank disputes a charge: the amount and the dispute fee are withdrawn. */
    public String dispute(String charge) {
        ObjectNode object = get("/v1/charges/" + charge);
        long amount = object.get("amount").asLong();
        object.put("disputed", true);
        put("/v1/charges/" + charge, object);
        ObjectNode dispute = template("dispute");
        String id = "dp_" + next();
        dispute.put("id", id).put("charge", charge).put("amount", amount).put("currency", currency)
                .put("created", now()).put("status", "needs_response");
        dispute.putArray("balance_transactions").add(balance("adjustment", -amount, disputeFee, id));
        put("/v1/disputes/" + id, dispute);
        emit("charge.dispute.created", dispute);
        emit("charge.dispute.funds_withdrawn", dispute);
        return id;
    }

    /** The dispute is decided; when won, Stripe gives the amount back (the fee stays with Stripe). */
    public void closeDispute(String dispute, boolean won) {
        ObjectNode object = get("/v1/disputes/" + dispute);
        object.put("status", won ? "won" : "lost");
        if (won) {
            ((ArrayNode) object.get("balance_transactions")).add(balance("adjustment", object.get("amount").asLong(),
                    0, dispute));
        }
        put("/v1/disputes/" + dispute, object);
        emit("charge.dispute.closed", object);
        if (won) {
            emit("charge.dispute.funds_reinstated", object);
        }
    }

    /** An event of a type Upkeep does not handle. */
    public void unhandled() {
        ObjectNode customer = JSON.createObjectNode();
        customer.put("id", "cus_" + next()).put("object", "customer").put("created", now());
        emit("customer.updated", customer);
    }

    // ---- objects ----

    private void startPeriod(Subscription s) {
        Instant start = s.periodEnd;
        String interval = item(s.object).get("price").get("recurring").get("interval").asString();
        ZonedDateTime utc = start.atZone(ZoneOffset.UTC);
        s.periodEnd = (interval.equals("year") ? utc.plusYears(1) : utc.plusMonths(1)).toInstant();
        item(s.object).put("current_period_start", start.getEpochSecond())
                .put("current_period_end", s.periodEnd.getEpochSecond());
    }

    private String invoice(Subscription s, String status, String billingReason) {
        return invoice(s, status, billingReason, amount(s));
    }

    private String invoice(Subscription s, String status, String billingReason, long amount) {
        ObjectNode invoice = template("invoice");
        String id = "in_" + next();
        invoice.put("billing_reason", billingReason);
        invoice.put("id", id).put("customer", s.customer).put("currency", currency).put("created", now())
                .put("status", status).put("amount_due", amount).put("total", amount)
                .put("amount_paid", status.equals("paid") ? amount : 0)
                .put("amount_remaining", status.equals("paid") ? 0 : amount);
        ((ObjectNode) invoice.get("parent").get("subscription_details")).put("subscription", s.id);
        ObjectNode line = (ObjectNode) invoice.get("lines").get("data").get(0);
        line.put("invoice", id).put("amount", amount).put("currency", currency);
        ((ObjectNode) line.get("period")).put("start", item(s.object).get("current_period_start").asLong())
                .put("end", s.periodEnd.getEpochSecond());
        put("/v1/invoices/" + id, invoice);
        return id;
    }

    private String charge(String customer, long amount, boolean succeeded) {
        ObjectNode charge = template("charge");
        String id = "ch_" + next();
        charge.put("id", id).put("amount", amount).put("amount_captured", succeeded ? amount : 0)
                .put("currency", currency).put("customer", customer).put("created", now())
                .put("status", succeeded ? "succeeded" : "failed").put("paid", succeeded);
        if (succeeded) {
            charge.set("balance_transaction", balance("charge", amount, amount * 15 / 1000 + 25, id));
        } else {
            charge.putNull("balance_transaction").put("failure_code", "card_declined");
        }
        put("/v1/charges/" + id, charge);
        return id;
    }

    /**
     * A balance transaction in the settlement currency: amounts in the charge's currency are converted at the
     * rate, as Stripe does, and the fee (1.5 % + 25, or the dispute fee) is charged in the settlement currency.
     * A stripe_fee is charged in the settlement currency as it is.
     */
    private ObjectNode balance(String type, long amount, long fee, String source) {
        boolean converted = !settlement.equals(currency) && exchangeRate != null && !type.equals("stripe_fee");
        long settled = converted ? java.math.BigDecimal.valueOf(amount).multiply(exchangeRate)
                .setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact() : amount;
        ObjectNode balance = template("balance_transaction");
        balance.put("id", "txn_" + next()).put("amount", settled).put("fee", fee).put("net", settled - fee)
                .put("currency", settlement).put("created", now()).put("available_on", now()).put("type", type);
        if (source == null) {
            balance.putNull("source");
        } else {
            balance.put("source", source);
        }
        if (converted && rateGiven) {
            balance.put("exchange_rate", exchangeRate);
        }
        put("/v1/balance_transactions/" + balance.get("id").asString(), balance);
        return balance;
    }

    private ObjectNode session(String mode, long checkoutId, String customer) {
        ObjectNode session = template("checkout_session");
        String id = "cs_test_" + next();
        session.put("id", id).put("mode", mode).put("customer", customer).put("created", now())
                .put("client_reference_id", "checkout-" + checkoutId).put("status", "complete")
                .put("currency", currency);
        session.putObject("metadata").put("upkeep_checkout", String.valueOf(checkoutId))
                .put("upkeep_server", String.valueOf(serverId));
        if (customerEmail != null) {
            session.putObject("customer_details").put("email", customerEmail).putNull("name");
        }
        put("/v1/checkout/sessions/" + id, session);
        return session;
    }

    private static ObjectNode item(ObjectNode subscription) {
        return (ObjectNode) subscription.get("items").get("data").get(0);
    }

    private static long amount(Subscription s) {
        return item(s.object).get("price").get("unit_amount").asLong();
    }

    private void save(Subscription s) {
        put("/v1/subscriptions/" + s.id, s.object);
    }

    private void put(String path, ObjectNode object) {
        objects.put(path, object.toString());
    }

    private ObjectNode get(String path) {
        return (ObjectNode) JSON.readTree(objects.get(path));
    }

    private void emit(String type, ObjectNode object) {
        String id = "evt_" + next();
        String payload = StripeStubs.body("event.json", Map.of("@EVENT_ID@", id, "@TYPE@", type,
                "@CREATED@", String.valueOf(now()), "@API_VERSION@", Stripe.API_VERSION, "@OBJECT@", object.toString()));
        emitted.add(new Delivery(id, type, payload, now()));
        objects.put("/v1/events/" + id, payload);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private static String next() {
        return "Upk" + IDS.incrementAndGet();
    }

    private static ObjectNode template(String name) {
        return (ObjectNode) JSON.readTree(StubBodies.load("/stripe/objects/" + name + ".json", Map.of()));
    }
}
