package social.upkeep.privacy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;
import social.upkeep.support.MutableClock;
import social.upkeep.support.Servers;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.UpkeepTest;

/**
 * The daily retention pass under a moved clock: each kind of personal data goes exactly when its retention ends
 * (the defaults: 90 days for message texts and Stripe payloads, a day for sign-in traces, three years of
 * inactivity for supporters), nothing earlier, and the operator sees what the last pass did.
 */
@UpkeepTest
class RetentionTest {

    private static final JobKey JOB = JobKey.jobKey("retention", "privacy");

    @LocalServerPort
    int port;

    @Autowired
    RetentionRuns runs;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    Instances instances;

    @Autowired
    Supporters supporters;

    @Autowired
    PasswordEncoder passwords;

    /** The job's own trigger must not run the pass while the test does. */
    @Autowired
    Scheduler scheduler;

    Instance server;
    Instant now;

    @BeforeEach
    void setUp() throws Exception {
        scheduler.pauseJob(JOB);
        clock.set(UpkeepTest.START);
        now = clock.instant();
        server = Servers.create(instances, "example.social", "EUR");
    }

    @AfterEach
    void resume() throws Exception {
        scheduler.resumeJob(JOB);
    }

    @Test
    void eachKindGoesExactlyWhenItsRetentionEndsAndTheOperatorSeesTheLastPass() {
        link("used-2h", ago(Duration.ofHours(2)), ago(Duration.ofHours(2)).plus(Duration.ofMinutes(15)), true);
        link("expired", ago(Duration.ofHours(2)), ago(Duration.ofMinutes(105)), false);
        link("live", ago(Duration.ofMinutes(5)), now.plus(Duration.ofMinutes(10)), false);
        link("used-10m", ago(Duration.ofMinutes(10)), now.plus(Duration.ofMinutes(5)), true);
        failure("idle@example.org", ago(Duration.ofHours(25)), null);
        failure("recent@example.org", ago(Duration.ofHours(1)), null);
        failure("locked@example.org", ago(Duration.ofDays(2)), now.plus(Duration.ofHours(1)));
        long oldMail = mail("old", "SENT", ago(Duration.ofDays(91)));
        long youngMail = mail("young", "SENT", ago(Duration.ofDays(89)));
        long failedMail = mail("failed", "FAILED", ago(Duration.ofDays(91)));
        long pendingMail = mail("pending", "PENDING", ago(Duration.ofDays(100)));
        event("evt_old", "APPLIED", ago(Duration.ofDays(91)));
        event("evt_young", "APPLIED", ago(Duration.ofDays(89)));
        event("evt_failed", "FAILED", ago(Duration.ofDays(100)));
        Supporter gone = supporter("gone@example.org", ago(Duration.ofDays(3 * 366 + 1)));
        Supporter paidLastYear = supporter("paid@example.org", ago(Duration.ofDays(3 * 366 + 1)));
        paid(paidLastYear, ago(Duration.ofDays(365)));
        Supporter signedIn = supporter("recent-signin@example.org", ago(Duration.ofDays(2 * 365)));
        Supporter gifted = supporter("gift@example.org", ago(Duration.ofDays(4 * 365)));
        complimentary(gifted, ago(Duration.ofDays(4 * 365)));

        Map<String, Integer> purged = runs.run();

        assertThat(purged).containsEntry("signin-links", 2).containsEntry("signin-throttle", 1)
                .containsEntry("mail-bodies", 2).containsEntry("stripe-payloads", 1)
                .containsEntry("inactive-supporters", 1).containsEntry("notice-bodies", 0);
        assertThat(jdbc.sql("SELECT email FROM email_signin_link ORDER BY email").query(String.class).list())
                .containsExactly("live@example.org", "used-10m@example.org");
        assertThat(jdbc.sql("SELECT username FROM signin_failure ORDER BY username").query(String.class).list())
                .containsExactly("locked@example.org", "recent@example.org");
        assertThat(body(oldMail)).isEmpty();
        assertThat(body(failedMail)).isEmpty();
        assertThat(body(youngMail)).isEqualTo("Text of young");
        assertThat(body(pendingMail)).isEqualTo("Text of pending");
        assertThat(jdbc.sql("SELECT subject FROM mail_outbox WHERE id = ?").param(oldMail).query(String.class).single())
                .as("the metadata stays").isEqualTo("Subject of old");
        assertThat(payload("evt_old")).isEqualTo("{}");
        assertThat(payload("evt_young")).contains("evt_young");
        assertThat(payload("evt_failed")).as("a failed event may still be retried").contains("evt_failed");
        assertThat(jdbc.sql("SELECT count(*) FROM stripe_event").query(Integer.class).single())
                .as("every event id stays, so a redelivery is still recognised").isEqualTo(3);
        assertThat(supporters.get(gone.id()).orElseThrow().erased()).isTrue();
        assertThat(jdbc.sql("SELECT erased_by FROM erasure WHERE supporter_id = ?").param(gone.id())
                .query(String.class).single()).isEqualTo("RETENTION");
        for (Supporter kept : new Supporter[] {paidLastYear, signedIn, gifted}) {
            assertThat(supporters.get(kept.id()).orElseThrow().erased()).as(kept.email()).isFalse();
        }

        var page = SignedInOwner.browser(port, jdbc, passwords).get("/operator/servers/" + server.id() + "/privacy");
        assertThat(page.document().select("p.last-run").text()).isEqualTo("Last run: 27 November 2026, 13:00");
        assertThat(page.document().select("ul.purged li").eachText()).contains("2 sign-in links deleted",
                "1 sign-in throttle row deleted", "2 mail texts purged", "1 Stripe event content purged",
                "1 inactive supporter erased", "No direct message texts purged");

        // A day on, the link used ten minutes before the first pass has had its hour and the live one expired; the
        // recent failure is a day old and the lock is over. Nothing else is due.
        clock.advance(Duration.ofDays(1));
        purged = runs.run();
        assertThat(jdbc.sql("SELECT count(*) FROM email_signin_link").query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM signin_failure").query(Integer.class).single()).isZero();
        assertThat(purged).containsEntry("signin-links", 2).containsEntry("signin-throttle", 2)
                .containsEntry("mail-bodies", 0).containsEntry("stripe-payloads", 0)
                .containsEntry("inactive-supporters", 0);
        assertThat(body(youngMail)).as("89 + 1 days").isEqualTo("Text of young");
    }

    private Instant ago(Duration duration) {
        return now.minus(duration);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private void link(String who, Instant requested, Instant expires, boolean used) {
        jdbc.sql("""
                        INSERT INTO email_signin_link (token_hash, email, expires_at, used_at, requested_from, requested_at)
                        VALUES (?, ?, ?, ?, '192.0.2.1', ?)""")
                .params(String.format("%064x", who.hashCode() & 0xffffffffL), who + "@example.org", utc(expires),
                        used ? utc(requested.plus(Duration.ofMinutes(1))) : null, utc(requested))
                .update();
    }

    private void failure(String username, Instant last, Instant lockedUntil) {
        jdbc.sql("""
                        INSERT INTO signin_failure (username, remote_address, failures, last_failed_at, locked_until)
                        VALUES (?, '192.0.2.9', 3, ?, ?)""")
                .params(username, utc(last), lockedUntil == null ? null : utc(lockedUntil)).update();
    }

    private long mail(String label, String status, Instant created) {
        return jdbc.sql("""
                        INSERT INTO mail_outbox (cause_key, recipient, subject, body_text, body_html, status, created_at,
                            sent_at)
                        VALUES (?, 'someone@example.org', ?, ?, '<p>html</p>', ?, ?, ?) RETURNING id""")
                .params("test:" + label, "Subject of " + label, "Text of " + label, status, utc(created),
                        "SENT".equals(status) ? utc(created) : null)
                .query(Long.class).single();
    }

    private String body(long mail) {
        return jdbc.sql("SELECT body_text FROM mail_outbox WHERE id = ?").param(mail).query(String.class).single();
    }

    private void event(String id, String status, Instant received) {
        jdbc.sql("""
                        INSERT INTO stripe_event (instance_id, event_id, type, livemode, stripe_created, payload,
                            received_at, status, next_attempt_at)
                        VALUES (?, ?, 'charge.succeeded', false, ?, ?, ?, ?, ?)""")
                .params(server.id(), id, utc(received), "{\"id\": \"" + id + "\", \"customer_email\": \"x@example.org\"}",
                        utc(received), status, utc(received))
                .update();
    }

    private String payload(String id) {
        return jdbc.sql("SELECT payload FROM stripe_event WHERE event_id = ?").param(id).query(String.class).single();
    }

    private Supporter supporter(String email, Instant lastSignIn) {
        long id = jdbc.sql("""
                        INSERT INTO supporter (email, created_at, last_signed_in_at) VALUES (?, ?, ?) RETURNING id""")
                .params(email, utc(lastSignIn), utc(lastSignIn)).query(Long.class).single();
        return supporters.get(id).orElseThrow();
    }

    private void paid(Supporter supporter, Instant at) {
        String customer = "cus_" + supporter.id();
        jdbc.sql("INSERT INTO stripe_customer (instance_id, customer_id, supporter_id) VALUES (?, ?, ?)")
                .params(server.id(), customer, supporter.id()).update();
        jdbc.sql("""
                        INSERT INTO payment (instance_id, charge_id, customer_id, amount_minor, currency, status, paid_at)
                        VALUES (?, ?, ?, 500, 'EUR', 'succeeded', ?)""")
                .params(server.id(), "ch_" + supporter.id(), customer, utc(at)).update();
    }

    private void complimentary(Supporter supporter, Instant since) {
        jdbc.sql("""
                        INSERT INTO membership (instance_id, supporter_id, state, created_at, updated_at)
                        VALUES (?, ?, 'COMPLIMENTARY', ?, ?)""")
                .params(server.id(), supporter.id(), utc(since), utc(since)).update();
    }
}
