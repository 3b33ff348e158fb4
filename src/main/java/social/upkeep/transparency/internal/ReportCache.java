package social.upkeep.transparency.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import social.upkeep.instance.Instance;
import social.upkeep.shared.PublicDataChanged;

/**
 * Keeps each server's report for up to a minute, the time public responses may be cached anyway. A change drops
 * it as soon as it commits, on this node at once and on the others through PostgreSQL's NOTIFY
 * ({@link ChangeNotices}); should a notice be lost (a node reconnecting), the minute bounds the staleness.
 */
@Component
class ReportCache {

    static final Duration TIME_TO_LIVE = Duration.ofMinutes(1);

    private record Entry(FundingReport report, Instant madeAt) {
    }

    /** A rendered public page, and the page generation it was rendered in. */
    record Page(byte[] body, String contentType, long generation, Instant madeAt) {
    }

    private final Map<Long, Entry> reports = new ConcurrentHashMap<>();
    private final Map<String, Page> pages = new ConcurrentHashMap<>();
    private final AtomicLong pageGeneration = new AtomicLong();
    /** Bumped by every change, so a report computed from data older than the change is never kept. */
    private final Map<Long, AtomicLong> generations = new ConcurrentHashMap<>();
    private final FundingReports source;
    private final Clock clock;
    private final ChangeNotices notices;

    ReportCache(FundingReports source, Clock clock, ChangeNotices notices) {
        this.source = source;
        this.clock = clock;
        this.notices = notices;
    }

    FundingReport report(Instance server) {
        Instant now = clock.instant();
        Entry entry = reports.get(server.id());
        if (entry == null || !entry.report().server().equals(server) || entry.madeAt().plus(TIME_TO_LIVE).isBefore(now)
                || entry.madeAt().isAfter(now) || !entry.report().today().equals(server.today(clock))) {
            AtomicLong generation = generations.computeIfAbsent(server.id(), id -> new AtomicLong());
            long before = generation.get();
            entry = new Entry(source.report(server), now);
            if (generation.get() == before) {
                reports.put(server.id(), entry);
            }
        }
        return entry.report();
    }

    @org.jspecify.annotations.Nullable
    Page keptPage(String key) {
        return pages.get(key);
    }

    /** Keeps the page unless something changed since its rendering began. */
    void keepPage(String key, Page page) {
        if (page.generation() == pageGeneration.get()) {
            pages.put(key, page);
        }
    }

    long pageGeneration() {
        return pageGeneration.get();
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void changed(PublicDataChanged event) {
        drop(event.instanceId());
        notices.tellOtherNodes(event.instanceId());
    }

    /** Drops what this node keeps of the server: its report, and every kept page (few, cheap to render again). */
    void drop(long instanceId) {
        pageGeneration.incrementAndGet();
        pages.clear();
        generations.computeIfAbsent(instanceId, id -> new AtomicLong()).incrementAndGet();
        reports.remove(instanceId);
    }
}
