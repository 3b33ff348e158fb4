package social.upkeep.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import java.lang.management.ManagementFactory;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.ledger.MonthClosing;
import social.upkeep.notification.internal.MailDelivery;
import social.upkeep.support.MutableClock;
import social.upkeep.support.Servers;
import social.upkeep.support.UpkeepTest;

/**
 * Issue 7's measure, not part of CI ({@code bash bench/mail.sh}): render and queue the monthly report for
 * 10,000 supporters who asked for it (time, and memory allocated by the rendering thread and heap after),
 * then send them all to GreenMail (mails per second), with the app's own outbox worker code.
 */
@UpkeepTest
class MonthlyReportBenchmark {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(UpkeepTest.SMTP_PORT, null, "smtp"));

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Instances instances;

    @Autowired
    MonthClosing closing;

    @Autowired
    MonthlyReportSender sender;

    @Autowired
    MailDelivery delivery;

    @Autowired
    MutableClock clock;

    @Test
    void renderQueueAndSendTheMonthlyReport() {
        int readers = Integer.getInteger("bench.readers", 10_000);
        clock.set(UpkeepTest.START);
        Instance server = Servers.create(instances, "example.social", "EUR");
        jdbc.sql("""
                INSERT INTO supporter (email, locale, created_at, last_signed_in_at)
                SELECT 'reader' || n || '@example.org', CASE WHEN n % 2 = 0 THEN 'de' ELSE 'en' END, now(), now()
                FROM generate_series(1, ?) n""").param(readers).update();
        jdbc.sql("""
                INSERT INTO membership (instance_id, supporter_id, state, created_at, updated_at)
                SELECT ?, id, 'COMPLIMENTARY', now(), now() FROM supporter""").param(server.id()).update();
        jdbc.sql("INSERT INTO mail_optin (email, kind, created_at) SELECT email, 'report', now() FROM supporter")
                .update();
        closing.closeThrough(server.id(), YearMonth.of(2026, 10));

        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        int queued = sender.send();
        double renderSeconds = (System.nanoTime() - start) / 1e9;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        assertThat(queued).isEqualTo(readers);
        System.out.printf("rendered and queued %,d monthly reports in %.1f s (%.0f per second); %,d MB allocated "
                        + "by the rendering thread (%.1f KB per mail); heap after GC %,d MB%n", queued, renderSeconds,
                queued / renderSeconds, allocated >> 20, allocated / 1024.0 / queued, heap >> 20);
        long outbox = jdbc.sql("SELECT sum(length(body_text) + length(body_html)) FROM mail_outbox")
                .query(Long.class).single();
        System.out.printf("outbox: %,d KB of text and HTML (%.1f KB per mail)%n", outbox >> 10,
                outbox / 1024.0 / queued);

        // The app's own delivery job may take a batch too: what counts is what the outbox says was sent.
        start = System.nanoTime();
        while (delivery.deliverPending() > 0) {
            // next batch
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        int sent = jdbc.sql("SELECT count(*) FROM mail_outbox WHERE status = 'SENT'").query(Integer.class).single();
        System.out.printf("%,d not sent at the first attempt (retried after a minute)%n", readers - sent);
        assertThat(smtp.getReceivedMessages()).hasSize(sent);
        System.out.printf("sent %,d mails to GreenMail in %.1f s: %.0f mails per second%n", sent, sendSeconds,
                sent / sendSeconds);
    }
}
