package social.upkeep.billing.internal;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;

/**
 * Drains the stored events: claims a batch, applies each in a transaction of its own (the fetch from Stripe,
 * the membership, the ledger and the event's status commit together or not at all), and schedules a failed one
 * for another try, on a few threads per node. Safe on several threads and app nodes at once (see
 * {@link EventQueue}); two events of one membership meet at its row lock.
 */
@Component
class EventWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventWorker.class);
    private static final int BATCH = 20;
    /** How long a stopping node waits for the events in hand: within Spring's shutdown phase timeout. */
    private static final Duration SHUTDOWN_PATIENCE = Duration.ofSeconds(20);

    private final EventQueue queue;
    private final EventApplier applier;
    private final StripeAccounts accounts;
    private final StripeClients clients;
    private final Instances instances;
    private final TransactionTemplate transactions;
    private final StripeSettings settings;
    private final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile CountDownLatch running = new CountDownLatch(0);

    EventWorker(EventQueue queue, EventApplier applier, StripeAccounts accounts, StripeClients clients,
            Instances instances, TransactionTemplate transactions, StripeSettings settings) {
        this.queue = queue;
        this.applier = applier;
        this.accounts = accounts;
        this.clients = clients;
        this.instances = instances;
        this.transactions = transactions;
        this.settings = settings;
    }

    /** Applies every event due now; returns how many were taken (applied, ignored or failed). */
    int drain() {
        int taken = 0;
        for (List<StoredEvent> batch = queue.claim(BATCH); !batch.isEmpty();
                batch = stopping() ? List.of() : queue.claim(BATCH)) {
            for (int i = 0; i < batch.size(); i++) {
                if (stopping()) {
                    // Stopping: the event in hand was finished; the rest of the batch is handed back at once
                    // rather than after its lease, so another node takes it now.
                    queue.release(batch.subList(i, batch.size()));
                    log.info("Stopping: {} claimed Stripe events handed back to the other nodes", batch.size() - i);
                    return taken;
                }
                applyOne(batch.get(i));
                taken++;
            }
        }
        return taken;
    }

    private void applyOne(StoredEvent event) {
        try {
            Instance server = instances.get(event.instanceId());
            Optional<String> key = accounts.secretKey(server.id());
            if (key.isEmpty()) {
                queue.failed(event, "The server has no Stripe key");
                return;
            }
            StripeClient stripe = clients.forKey(key.get());
            transactions.executeWithoutResult(status -> {
                try {
                    EventApplier.Outcome outcome = applier.apply(server, stripe, event);
                    queue.finish(event, outcome.applied(), outcome.subject(), outcome.note());
                } catch (StripeException e) {
                    throw new StripeCallFailed(e);
                }
            });
        } catch (RuntimeException e) {
            String error = e instanceof StripeCallFailed failed ? failed.describe() : e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage());
            log.warn("Stripe event {} of server {} failed (attempt {}): {}", event.eventId(), event.instanceId(),
                    event.attempts(), error);
            queue.failed(event, error);
        }
    }

    /** This node's workers were told to stop (a test draining by hand never is). */
    private boolean stopping() {
        return !threads.isEmpty() && running.getCount() == 0;
    }

    @Override
    public void start() {
        if (!settings.workerEnabled()) {
            return;
        }
        running = new CountDownLatch(1);
        for (int i = 1; i <= Math.max(1, settings.workerThreads()); i++) {
            Thread worker = new Thread(this::run, "stripe-events-" + i);
            worker.setDaemon(true);
            threads.add(worker);
            worker.start();
        }
    }

    private void run() {
        CountDownLatch untilStopped = running;
        while (untilStopped.getCount() > 0) {
            try {
                if (drain() == 0) {
                    untilStopped.await(settings.workerPoll().toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The database was unreachable, say: try again after a pause rather than spin.
                log.warn("Applying Stripe events paused: {}", e.toString());
                try {
                    untilStopped.await(settings.workerPoll().toMillis() * 5, TimeUnit.MILLISECONDS);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /**
     * Graceful: each thread finishes the event it is applying (no transaction is cut off halfway), hands the rest
     * of its batch back and ends; a thread still busy after {@link #SHUTDOWN_PATIENCE} is interrupted.
     */
    @Override
    public void stop() {
        running.countDown();
        long deadline = System.nanoTime() + SHUTDOWN_PATIENCE.toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                log.warn("{} did not finish its event in time; interrupting it", thread.getName());
                thread.interrupt();
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return !threads.isEmpty();
    }

    /** A Stripe call that failed, carried out of the transaction so it rolls back; never holds the key. */
    static final class StripeCallFailed extends RuntimeException {

        StripeCallFailed(StripeException cause) {
            super(cause);
        }

        String describe() {
            StripeException e = (StripeException) getCause();
            return "Stripe answered " + (e.getStatusCode() == null ? "nothing" : e.getStatusCode())
                    + (e.getStripeError() != null && e.getStripeError().getMessage() != null
                            ? ": " + e.getStripeError().getMessage() : "");
        }
    }
}
