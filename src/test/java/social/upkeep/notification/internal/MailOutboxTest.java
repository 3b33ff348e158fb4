package social.upkeep.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import social.upkeep.notification.MailOutbox;
import social.upkeep.notification.OutgoingMail;
import social.upkeep.support.MutableClock;
import social.upkeep.support.UpkeepTest;

/** With an SMTP server configured: mail waits in the outbox and goes out, once, even through an outage. */
@UpkeepTest
class MailOutboxTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(UpkeepTest.SMTP_PORT, null, "smtp"));

    /** The mail job runs every minute: these tests call its work themselves and must not race it for a row. */
    @Autowired
    org.quartz.Scheduler scheduler;

    @org.junit.jupiter.api.BeforeEach
    void pauseTheMailJob() throws Exception {
        scheduler.standby();
    }

    @org.junit.jupiter.api.AfterEach
    void resumeTheMailJob() throws Exception {
        scheduler.start();
    }

    @Autowired
    MailOutbox outbox;

    @Autowired
    MailDelivery delivery;

    @Autowired
    OutboxStore store;

    @Autowired
    MutableClock clock;

    static OutgoingMail mail(String cause) {
        return new OutgoingMail(cause, "supporter@example.social", "Thank you – danke", "Grüße aus dem Fediverse");
    }

    @Test
    void queuedMailIsSentOnceWithItsText() throws Exception {
        assertThat(outbox.queue(mail("test:1"))).isTrue();
        assertThat(outbox.queue(mail("test:1"))).isFalse();

        assertThat(delivery.deliverPending()).isEqualTo(1);
        assertThat(delivery.deliverPending()).isZero();

        var received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).isEqualTo("Thank you – danke");
        assertThat((String) received[0].getContent()).contains("Grüße aus dem Fediverse");
        assertThat(store.newest(10)).singleElement().satisfies(m -> assertThat(m.status()).isEqualTo("SENT"));
    }

    @Test
    void mailWaitsThroughAnSmtpOutageAndGoesOutAfterwards() {
        smtp.stop();
        outbox.queue(mail("test:outage"));
        delivery.deliverPending();
        assertThat(store.newest(10)).singleElement().satisfies(m -> {
            assertThat(m.status()).isEqualTo("PENDING");
            assertThat(m.attempts()).isEqualTo(1);
            assertThat(m.lastError()).isNotBlank();
        });

        smtp.start();
        delivery.deliverPending();
        assertThat(smtp.getReceivedMessages()).as("not before its next attempt").isEmpty();
        clock.advance(Duration.ofMinutes(1));
        delivery.deliverPending();
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(store.newest(10)).singleElement().satisfies(m -> assertThat(m.status()).isEqualTo("SENT"));
    }

    @Test
    void mailThatCannotBeSentForADayIsMarkedFailedVisibly() {
        smtp.stop();
        outbox.queue(mail("test:give-up"));
        clock.advance(Duration.ofHours(25));
        delivery.deliverPending();
        assertThat(store.newest(10)).singleElement().satisfies(m -> assertThat(m.status()).isEqualTo("FAILED"));
        smtp.start();
        delivery.deliverPending();
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void headerInjectionInSubjectOrRecipientIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new OutgoingMail("x", "a@example.social",
                "Hello\r\nBcc: victim@example.social", "text")).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new OutgoingMail("x",
                "a@example.social\nBcc: victim@example.social", "Hello", "text"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
