package social.upkeep.notification.internal;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Sends what waits in the outbox. Safe on several nodes at once: each locks the rows it sends. */
@Service
public class MailDelivery {

    private static final Logger log = LoggerFactory.getLogger(MailDelivery.class);
    private static final int BATCH = 20;
    /** After a day of failures a mail is marked failed, visibly, on the Outbox page. */
    private static final Duration GIVE_UP_AFTER = Duration.ofDays(1);

    private final OutboxStore store;
    private final ObjectProvider<JavaMailSender> sender;
    private final SmtpSettings smtp;
    private final Clock clock;

    MailDelivery(OutboxStore store, ObjectProvider<JavaMailSender> sender, SmtpSettings smtp, Clock clock) {
        this.store = store;
        this.sender = sender;
        this.smtp = smtp;
        this.clock = clock;
    }

    /** Sends one batch of pending mail and returns how many went out. */
    @Transactional
    public int deliverPending() {
        JavaMailSender mailSender = sender.getIfAvailable();
        if (mailSender == null) {
            return 0;
        }
        int sent = 0;
        for (var mail : store.lockPending(BATCH, clock.instant())) {
            try {
                mailSender.send(toMessage(mailSender, mail));
                store.markSent(mail.id(), clock.instant());
                sent++;
            } catch (MailException | MessagingException | UnsupportedEncodingException e) {
                boolean giveUp = mail.createdAt().toInstant().plus(GIVE_UP_AFTER).isBefore(clock.instant());
                log.warn("Sending mail {} failed (attempt {}): {}", mail.id(), mail.attempts() + 1, e.getMessage());
                store.markAttemptFailed(mail.id(), String.valueOf(e.getMessage()), giveUp,
                        clock.instant().plus(backoff(mail.attempts())));
            }
        }
        return sent;
    }

    /** One minute, doubling, at most an hour: an SMTP outage of a day is ridden out, then the mail fails visibly. */
    static Duration backoff(int attempts) {
        return Duration.ofMinutes(Math.min(60, 1L << Math.min(attempts, 6)));
    }

    private MimeMessage toMessage(JavaMailSender mailSender, OutboxStore.StoredMail mail)
            throws MessagingException, UnsupportedEncodingException {
        MimeMessage message = mailSender.createMimeMessage();
        var helper = new MimeMessageHelper(message, mail.html() != null, "UTF-8");
        helper.setFrom(new InternetAddress(smtp.from(), mail.senderName() == null ? "Upkeep" : mail.senderName(),
                "UTF-8"));
        helper.setTo(mail.recipient());
        helper.setSubject(mail.subject());
        if (mail.html() != null) {
            helper.setText(mail.text(), mail.html());
        } else {
            helper.setText(mail.text(), false);
        }
        if (mail.unsubscribeUrl() != null) {
            // RFC 8058: mail clients offer "unsubscribe" and POST to the link without opening it.
            message.setHeader("List-Unsubscribe", "<" + mail.unsubscribeUrl() + ">");
            message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        return message;
    }
}
