package social.upkeep.notification.internal;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Sends what waits in the outbox. Safe on several nodes at once: each locks the rows it sends. */
@Service
public class MailDelivery {

    private static final Logger log = LoggerFactory.getLogger(MailDelivery.class);
    private static final int BATCH = 100;
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
        // One SMTP connection per batch: JavaMail sends an array over one connection and reports each failure.
        List<OutboxStore.StoredMail> batch = store.lockPending(BATCH, clock.instant());
        Map<MimeMessage, OutboxStore.StoredMail> messages = new LinkedHashMap<>();
        for (var mail : batch) {
            try {
                messages.put(toMessage(mailSender, mail), mail);
            } catch (MessagingException | UnsupportedEncodingException e) {
                failed(mail, e);
            }
        }
        Map<Object, Exception> failures = new HashMap<>();
        if (!messages.isEmpty()) {
            try {
                mailSender.send(messages.keySet().toArray(new MimeMessage[0]));
            } catch (MailSendException e) {
                failures.putAll(e.getFailedMessages());
                if (failures.isEmpty()) {
                    messages.keySet().forEach(message -> failures.put(message, e)); // could not connect at all
                }
            } catch (MailException e) {
                messages.keySet().forEach(message -> failures.put(message, e));
            }
        }
        int sent = 0;
        for (var entry : messages.entrySet()) {
            Exception failure = failures.get(entry.getKey());
            if (failure == null) {
                store.markSent(entry.getValue().id(), clock.instant());
                sent++;
            } else {
                failed(entry.getValue(), failure);
            }
        }
        return sent;
    }

    private void failed(OutboxStore.StoredMail mail, Exception e) {
        boolean giveUp = mail.createdAt().toInstant().plus(GIVE_UP_AFTER).isBefore(clock.instant());
        log.warn("Sending mail {} failed (attempt {}): {}", mail.id(), mail.attempts() + 1, e.getMessage());
        store.markAttemptFailed(mail.id(), String.valueOf(e.getMessage()), giveUp,
                clock.instant().plus(backoff(mail.attempts())));
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
