package social.upkeep.notification;

import social.upkeep.notification.internal.SmtpSettings;

import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import social.upkeep.notification.internal.OutboxStore;

/**
 * Where every module hands over mail. The mail is written in the caller's transaction, so it exists exactly
 * when the fact that caused it does; a job sends it later. Without an SMTP server it is kept, unsent, for
 * the owner to read on the Outbox page: never silently dropped.
 */
@Service
public class MailOutbox {

    private final OutboxStore store;
    private final Clock clock;

    private final SmtpSettings smtp;

    MailOutbox(OutboxStore store, Clock clock, SmtpSettings smtp) {
        this.store = store;
        this.clock = clock;
        this.smtp = smtp;
    }

    /** Whether mail leaves this Upkeep at all (an SMTP server is configured). */
    public boolean delivers() {
        return smtp.configured();
    }

    /** Queues the mail; returns false when a mail for the same cause was queued before. */
    @Transactional
    public boolean queue(OutgoingMail mail) {
        return store.insert(mail, clock.instant());
    }
}
