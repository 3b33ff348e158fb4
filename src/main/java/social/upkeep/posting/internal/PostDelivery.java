package social.upkeep.posting.internal;

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
 * Posts the due posts, a batch per run, each locked while it is sent so two nodes never post one twice, with the
 * post's cause key as Mastodon's {@code Idempotency-Key} (a crash between posting and committing posts nothing twice
 * within Mastodon's hour). A busy server (429 with its reset or {@code Retry-After}) or one that does not answer is
 * tried again with backoff, as role sync and direct messages are; a refusal (the token revoked) fails visibly on the
 * posting page. After three days of trying a post fails too: old news is not news.
 */
@Component
class PostDelivery {

    private static final Logger log = LoggerFactory.getLogger(PostDelivery.class);
    private static final int BATCH = 10;
    static final Duration GIVE_UP_AFTER = Duration.ofDays(3);

    private final PostStore store;
    private final NoticeAccounts accounts;
    private final Clock clock;

    PostDelivery(PostStore store, NoticeAccounts accounts, Clock clock) {
        this.store = store;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** Posts one batch of due posts and returns how many went out. */
    @Transactional
    int deliverDue() {
        List<PostStore.Post> due = store.lockDue(BATCH, clock.instant());
        int sent = 0;
        for (PostStore.Post post : due) {
            Instant now = clock.instant();
            try {
                AdminAnswer answer = accounts.publish(post.instanceId(), post.body(), post.visibility(),
                        post.language(), post.causeKey());
                if (answer.ok()) {
                    store.sent(post.id(), now);
                    sent++;
                } else if (answer.status() == 429 || answer.status() >= 500) {
                    retry(post, "HTTP " + answer.status(), answer.rateReset().orElse(null), now);
                    if (answer.status() == 429) {
                        break; // the rest of the batch waits for the server's limit too
                    }
                } else {
                    log.warn("Post {} refused by the server: {}", post.id(), answer.status());
                    store.attemptFailed(post.id(), "HTTP " + answer.status(), true, now);
                }
            } catch (ServerRefused e) {
                retry(post, e.reason(), null, now);
            }
        }
        return sent;
    }

    private void retry(PostStore.Post post, String error, Instant serverSays, Instant now) {
        boolean giveUp = post.createdAt().plus(GIVE_UP_AFTER).isBefore(now);
        Instant next = Backoff.next(post.attempts(), serverSays, now);
        log.info("Post {} not sent (attempt {}): {}", post.id(), post.attempts() + 1, error);
        store.attemptFailed(post.id(), error, giveUp, next);
    }
}
