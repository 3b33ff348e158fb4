package social.upkeep;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.support.MutableClock;
import social.upkeep.support.Servers;
import social.upkeep.support.UpkeepTest;

/**
 * {@code /actuator/prometheus}: only for the scraper with the token, and it shows what waits and what failed
 * (Stripe events, mail, role changes per server), how old the oldest waiting event is, when Stripe was last
 * reconciled, and how many webhook deliveries were accepted and refused.
 */
@UpkeepTest
class MetricsTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Instances instances;

    @Autowired
    MutableClock clock;

    final HttpClient http = HttpClient.newHttpClient();
    Instance server;
    Instance other;

    @BeforeEach
    void servers() {
        server = Servers.create(instances, "metrics.social", "EUR");
        other = Servers.create(instances, "quiet.social", "EUR");
    }

    @Test
    void onlyTheScraperWithTheTokenReadsTheMetrics() throws Exception {
        for (String authorization : new String[] {null, "Bearer", "Bearer ", "Bearer wrong-token",
                "bearer " + UpkeepTest.METRICS_TOKEN, "Basic " + UpkeepTest.METRICS_TOKEN,
                "Bearer " + UpkeepTest.METRICS_TOKEN + "x"}) {
            HttpResponse<String> refused = scrape(authorization);
            assertThat(refused.statusCode()).as("Authorization: %s", authorization).isEqualTo(401);
            assertThat(refused.body()).doesNotContain("upkeep_");
        }
        HttpResponse<String> scraped = scrape("Bearer " + UpkeepTest.METRICS_TOKEN);
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.headers().firstValue("Set-Cookie")).as("no session for the scraper").isEmpty();
        assertThat(scraped.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void showsWhatWaitsAndWhatFailed() throws Exception {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        for (int i = 0; i < 3; i++) {
            event("evt_pending_" + i, "PENDING", now.minusMinutes(10 - i));
        }
        event("evt_failed", "FAILED", now.minusDays(4));
        event("evt_done", "APPLIED", now.minusDays(5));
        for (String status : new String[] {"PENDING", "PENDING", "FAILED", "SENT"}) {
            jdbc.sql("""
                            INSERT INTO mail_outbox (cause_key, recipient, subject, body_text, status, created_at)
                            VALUES (gen_random_uuid()::text, 'someone@example.org', 'Thanks', 'Thanks', ?, ?)""")
                    .params(status, now).update();
        }
        for (String status : new String[] {"PENDING", "MANUAL", "HELD", "FAILED", "APPLIED"}) {
            jdbc.sql("""
                            INSERT INTO role_change (instance_id, username, action, role, status, cause, created_at,
                                updated_at) VALUES (?, 'bea', 'GRANT', 'Supporter', ?, 'test', ?, ?)""")
                    .params(server.id(), status, now, now).update();
        }
        jdbc.sql("INSERT INTO stripe_reconciliation (instance_id, events_read_through, events_read_at) VALUES (?, ?, ?)")
                .params(server.id(), now, now.minusHours(2)).update();
        post("/stripe/webhook/" + server.id(), "t=1,v1=forged");
        post("/stripe/webhook/" + server.id(), null);

        String metrics = scrape("Bearer " + UpkeepTest.METRICS_TOKEN).body();

        assertThat(metrics)
                .contains("upkeep_stripe_events{server=\"metrics.social\",status=\"pending\"} 3.0")
                .contains("upkeep_stripe_events{server=\"metrics.social\",status=\"failed\"} 1.0")
                .contains("upkeep_stripe_events{server=\"quiet.social\",status=\"pending\"} 0.0")
                .contains("upkeep_stripe_oldest_pending_event_age_seconds 600.0")
                .contains("upkeep_mail{status=\"pending\"} 2.0")
                .contains("upkeep_mail{status=\"failed\"} 1.0")
                .contains("upkeep_role_changes{server=\"metrics.social\",state=\"waiting\"} 3.0")
                .contains("upkeep_role_changes{server=\"metrics.social\",state=\"failed\"} 1.0")
                .contains("upkeep_role_changes{server=\"quiet.social\",state=\"failed\"} 0.0")
                .contains("upkeep_stripe_last_reconciliation_timestamp_seconds{server=\"metrics.social\"} "
                        + (double) now.minusHours(2).toEpochSecond())
                .doesNotContain("upkeep_stripe_last_reconciliation_timestamp_seconds{server=\"quiet.social\"}")
                .containsPattern("upkeep_stripe_webhooks_total\\{outcome=\"refused\"\\} [1-9]");
    }

    private void event(String id, String status, java.time.OffsetDateTime received) {
        jdbc.sql("""
                        INSERT INTO stripe_event (instance_id, event_id, type, livemode, stripe_created, payload,
                            received_at, status, next_attempt_at) VALUES (?, ?, 'charge.succeeded', false, ?, '{}', ?, ?, ?)""")
                .params(server.id(), id, received, received, status, received).update();
    }

    private HttpResponse<String> scrape(String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void post(String path, String signature) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"evt_1\",\"object\":\"event\"}"));
        if (signature != null) {
            request.header("Stripe-Signature", signature);
        }
        assertThat(http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(400);
    }
}
