package social.upkeep.notification.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import social.upkeep.instance.AdminAnswer;
import social.upkeep.instance.NoticeAccounts;
import social.upkeep.instance.ServerRefused;
import social.upkeep.shared.Backoff;

/**
 * Sends the due direct messages, a batch per run, each locked while it is sent so two nodes never send one
 * twice. A server that is busy (429, with its {@code Retry-After} or rate-limit reset) or down is tried again
 * later, with backoff, and the rest of the batch waits with it; a notice the server refuses for good (the
 * account gone, the token revoked) fails visibly on the notices page. After three days of trying it fails too.
 */
@Component
public class NoticeDelivery {

    private static final Logger log = LoggerFactory.getLogger(NoticeDelivery.class);
    private static final int BATCH = 20;
    static final Duration GIVE_UP_AFTER = Duration.ofDays(3);

    private final NoticeStore store;
    private final NoticeAccounts accounts;
    private final Clock clock;

    NoticeDelivery(NoticeStore store, NoticeAccounts accounts, Clock clock) {
        this.store = store;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** Sends one batch of due notices and returns how many went out. */
    @Transactional
    public int deliverDue() {
        List<NoticeStore.Notice> due = store.lockDue(BATCH, clock.instant());
        int sent = 0;
        for (NoticeStore.Notice notice : due) {
            Instant now = clock.instant();
            try {
                AdminAnswer answer = accounts.sendDirect(notice.instanceId(), notice.recipient(), notice.body(),
                        notice.language(), notice.causeKey());
                if (answer.ok()) {
                    store.sent(notice.id(), now);
                    sent++;
                } else if (answer.status() == 429 || answer.status() >= 500) {
                    retry(notice, "HTTP " + answer.status(), answer.rateReset().orElse(null), now);
                    if (answer.status() == 429) {
                        break; // the rest of the batch waits for the server's limit too
                    }
                } else {
                    log.warn("Notice {} refused by the server: {}", notice.id(), answer.status());
                    store.attemptFailed(notice.id(), "HTTP " + answer.status(), true, now);
                }
            } catch (ServerRefused e) {
                // Kept as Upkeep's message key (no answer, or no notice account: it may be connected again).
                retry(notice, e.reason(), null, now);
            }
        }
        return sent;
    }

    private void retry(NoticeStore.Notice notice, String error, Instant serverSays, Instant now) {
        boolean giveUp = notice.createdAt().plus(GIVE_UP_AFTER).isBefore(now);
        Instant next = Backoff.next(notice.attempts(), serverSays, now);
        log.info("Notice {} not sent (attempt {}): {}", notice.id(), notice.attempts() + 1, error);
        store.attemptFailed(notice.id(), error, giveUp, next);
    }
}
