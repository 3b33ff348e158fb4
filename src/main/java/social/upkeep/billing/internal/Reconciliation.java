package social.upkeep.billing.internal;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.BalanceTransaction;
import com.stripe.model.Event;
import com.stripe.model.Subscription;
import com.stripe.param.BalanceTransactionListParams;
import com.stripe.param.EventListParams;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.shared.Money;

/**
 * Keeps Upkeep in step with Stripe when webhooks alone would not: events never delivered (read from Stripe's
 * event list, which keeps 30 days), subscriptions whose last change was missed (fetched again daily), and a
 * monthly comparison of the books with Stripe's balance transactions that lists every difference.
 */
@Service
class Reconciliation {

    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);
    /** Stripe keeps events for 30 days; the first read goes back that far. */
    private static final Duration STRIPE_KEEPS = Duration.ofDays(30);
    /** Read a little before the cursor: an event created just before the last read may have been listed late. */
    private static final Duration OVERLAP = Duration.ofMinutes(10);
    /**
     * Balance transaction types that the books hold: charges, refunds and the money of refunds that failed,
     * dispute withdrawals and returns, and fees Stripe charges on their own (Billing, Tax).
     */
    private static final List<String> BOOKED_TYPES = List.of("charge", "payment", "refund", "payment_refund",
            "refund_failure", "payment_failure_refund", "adjustment", "stripe_fee");
    /** Stripe's own fees are read this far back each day: a day the job missed is caught up later. */
    private static final Duration FEES_READ_BACK = Duration.ofDays(35);

    record BalanceCheck(YearMonth month, Instant checkedAt, List<String> differences) {
    }

    private final JdbcClient jdbc;
    private final StripeAccounts accounts;
    private final StripeClients clients;
    private final Instances instances;
    private final EventInbox inbox;
    private final EventApplier applier;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final StripeBookkeeping bookkeeping;

    Reconciliation(JdbcClient jdbc, StripeAccounts accounts, StripeClients clients, Instances instances,
            EventInbox inbox, EventApplier applier, TransactionTemplate transactions, Clock clock,
            StripeBookkeeping bookkeeping) {
        this.bookkeeping = bookkeeping;
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.clients = clients;
        this.instances = instances;
        this.inbox = inbox;
        this.applier = applier;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Servers with a Stripe key. */
    List<Long> servers() {
        return jdbc.sql("SELECT instance_id FROM stripe_account ORDER BY instance_id").query(Long.class).list();
    }

    /**
     * Stores every event Stripe lists since the cursor that was never stored (a webhook that never arrived);
     * the worker applies them like any other. Returns how many were new.
     */
    int catchUpEvents(long instanceId) throws StripeException {
        Optional<StripeAccount> account = accounts.find(instanceId);
        Optional<String> key = accounts.secretKey(instanceId);
        if (account.isEmpty() || key.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        Instant from = readThrough(instanceId).map(cursor -> cursor.minus(OVERLAP))
                .orElse(now.minus(STRIPE_KEEPS));
        var params = EventListParams.builder().setLimit(100L)
                .setCreated(EventListParams.Created.builder().setGte(from.getEpochSecond()).build());
        StripeConnection.EVENTS.forEach(type -> params.addType(type.getValue()));
        int stored = 0;
        for (Event event : clients.forKey(key.get()).v1().events().list(params.build()).autoPagingIterable()) {
            if (!Boolean.valueOf(account.get().livemode()).equals(event.getLivemode())) {
                continue;
            }
            if (inbox.store(instanceId, event.getId(), event.getType(), event.getApiVersion(), event.getLivemode(),
                    Instant.ofEpochSecond(event.getCreated()), event.toJson())) {
                stored++;
            }
        }
        jdbc.sql("""
                        INSERT INTO stripe_reconciliation (instance_id, events_read_through, events_read_at)
                        VALUES (?, ?, ?)
                        ON CONFLICT (instance_id) DO UPDATE SET events_read_through = excluded.events_read_through,
                            events_read_at = excluded.events_read_at""")
                .params(instanceId, now.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC)).update();
        if (stored > 0) {
            log.warn("Server {}: {} Stripe events were never delivered by webhook; stored them from Stripe's list",
                    instanceId, stored);
        }
        return stored;
    }

    /**
     * Fetches every subscription not yet over and applies it with its latest invoice. One that cannot be fetched
     * or applied is logged with its id and skipped: the rest are still checked. Returns how many were refreshed.
     */
    int refreshSubscriptions(long instanceId) {
        Optional<String> key = accounts.secretKey(instanceId);
        if (key.isEmpty()) {
            return 0;
        }
        Instance server = instances.get(instanceId);
        StripeClient stripe = clients.forKey(key.get());
        List<String> open = jdbc.sql("""
                        SELECT stripe_subscription_id FROM membership WHERE instance_id = ?
                            AND stripe_subscription_id IS NOT NULL
                            AND state IN ('PENDING', 'ACTIVE', 'PAST_DUE', 'CANCELLED')""")
                .param(instanceId).query(String.class).list();
        int refreshed = 0;
        for (String subscriptionId : open) {
            try {
                Subscription subscription = stripe.v1().subscriptions().retrieve(subscriptionId);
                String invoice = subscription.getLatestInvoice();
                transactions.executeWithoutResult(status -> {
                    try {
                        applier.refresh(server, stripe, subscriptionId, invoice);
                    } catch (StripeException e) {
                        throw new EventWorker.StripeCallFailed(e);
                    }
                });
                refreshed++;
            } catch (StripeException | RuntimeException e) {
                log.warn("Server {}: the daily check of subscription {} failed ({}); the others go on", instanceId,
                        subscriptionId, e.getClass().getSimpleName());
            }
        }
        return refreshed;
    }

    /**
     * Books the fees Stripe charged as balance transactions of their own ({@code stripe_fee}: Billing or Tax
     * usage) since {@code from}; no event announces them. Booking one again books nothing. Returns how many
     * were read.
     */
    int bookStripeFees(long instanceId) throws StripeException {
        return bookStripeFees(instanceId, clock.instant().minus(FEES_READ_BACK), clock.instant().plusSeconds(1));
    }

    private int bookStripeFees(long instanceId, Instant from, Instant to) throws StripeException {
        Optional<String> key = accounts.secretKey(instanceId);
        if (key.isEmpty()) {
            return 0;
        }
        Instance server = instances.get(instanceId);
        int read = 0;
        for (BalanceTransaction transaction : clients.forKey(key.get()).v1().balanceTransactions().list(
                BalanceTransactionListParams.builder().setLimit(100L).setType("stripe_fee")
                        .setCreated(BalanceTransactionListParams.Created.builder().setGte(from.getEpochSecond())
                                .setLt(to.getEpochSecond()).build()).build())
                .autoPagingIterable()) {
            if ("stripe_fee".equals(transaction.getType())) {
                transactions.executeWithoutResult(status -> bookkeeping.bookStripeFee(server, transaction));
                read++;
            }
        }
        return read;
    }

    /**
     * Compares the month's booked Stripe entries with Stripe's balance transactions of the month and keeps
     * every difference for the operator: missing from the books, missing at Stripe, or of another amount.
     */
    BalanceCheck checkBalance(long instanceId, YearMonth month) throws StripeException {
        Instance server = instances.get(instanceId);
        String key = accounts.secretKey(instanceId).orElseThrow();
        Instant start = month.atDay(1).atStartOfDay(server.timeZone()).toInstant();
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay(server.timeZone()).toInstant();
        bookStripeFees(instanceId, start, end);
        Map<String, Money> stripe = new HashMap<>();
        for (BalanceTransaction transaction : clients.forKey(key).v1().balanceTransactions().list(
                BalanceTransactionListParams.builder().setLimit(100L).setCreated(BalanceTransactionListParams.Created
                        .builder().setGte(start.getEpochSecond()).setLt(end.getEpochSecond()).build()).build())
                .autoPagingIterable()) {
            if (BOOKED_TYPES.contains(transaction.getType())) {
                if (transaction.getAmount() != 0) {
                    stripe.put("stripe:" + transaction.getId(),
                            StripeCurrencies.fromStripe(transaction.getAmount(), transaction.getCurrency()));
                }
                if (transaction.getFee() != null && transaction.getFee() != 0) {
                    stripe.put("stripe:" + transaction.getId() + ":fee",
                            StripeCurrencies.fromStripe(-transaction.getFee(), transaction.getCurrency()));
                }
            }
        }
        // An entry converted from another settlement currency is compared by the settled amount it keeps.
        Map<String, List<Money>> booked = new HashMap<>();
        jdbc.sql("""
                        SELECT source_key, amount_minor, currency, original_amount_minor, original_currency
                        FROM ledger_entry
                        WHERE instance_id = ? AND source_key LIKE 'stripe:%' AND booked_on >= ? AND booked_on <= ?""")
                .params(instanceId, month.atDay(1), month.atEndOfMonth())
                .query((rs, row) -> {
                    List<Money> amounts = new ArrayList<>();
                    amounts.add(new Money(rs.getLong(2), Currency.getInstance(rs.getString(3))));
                    if (rs.getString(5) != null) {
                        amounts.add(new Money(rs.getLong(4), Currency.getInstance(rs.getString(5))));
                    }
                    return booked.put(rs.getString(1), amounts);
                }).list();
        List<String> differences = new ArrayList<>();
        stripe.forEach((sourceKey, amount) -> {
            List<Money> mine = booked.get(sourceKey);
            if (mine == null) {
                differences.add(sourceKey.substring(7) + ": at Stripe (" + amount + "), not in the books");
            } else if (!mine.contains(amount)) {
                differences.add(sourceKey.substring(7) + ": " + amount + " at Stripe, " + mine.get(0)
                        + " in the books");
            }
        });
        booked.keySet().stream().filter(sourceKey -> !stripe.containsKey(sourceKey))
                .forEach(sourceKey -> differences.add(sourceKey.substring(7) + ": in the books ("
                        + booked.get(sourceKey).get(0) + "), not at Stripe this month"));
        differences.sort(String::compareTo);
        Instant now = clock.instant();
        jdbc.sql("""
                        INSERT INTO stripe_reconciliation (instance_id, balance_month, balance_checked_at, balance_differences)
                        VALUES (?, ?, ?, ?)
                        ON CONFLICT (instance_id) DO UPDATE SET balance_month = excluded.balance_month,
                            balance_checked_at = excluded.balance_checked_at,
                            balance_differences = excluded.balance_differences""")
                .params(instanceId, month.atDay(1), now.atOffset(ZoneOffset.UTC), String.join("\n", differences))
                .update();
        return new BalanceCheck(month, now, differences);
    }

    Optional<BalanceCheck> lastBalanceCheck(long instanceId) {
        return jdbc.sql("""
                        SELECT balance_month, balance_checked_at, balance_differences FROM stripe_reconciliation
                        WHERE instance_id = ? AND balance_month IS NOT NULL""")
                .param(instanceId)
                .query((rs, row) -> new BalanceCheck(YearMonth.from(rs.getObject(1, java.time.LocalDate.class)),
                        rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getString(3).isEmpty() ? List.of() : List.of(rs.getString(3).split("\n"))))
                .optional();
    }

    private Optional<Instant> readThrough(long instanceId) {
        return jdbc.sql("SELECT events_read_through FROM stripe_reconciliation WHERE instance_id = ?")
                .param(instanceId).query((rs, row) -> Optional.ofNullable(rs.getObject(1, OffsetDateTime.class))
                        .map(OffsetDateTime::toInstant))
                .optional().flatMap(found -> found);
    }
}
