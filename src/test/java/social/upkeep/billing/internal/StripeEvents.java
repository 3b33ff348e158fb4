package social.upkeep.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import social.upkeep.instance.Instance;
import social.upkeep.shared.Money;
import social.upkeep.supporter.Supporter;
import social.upkeep.support.StripeStubs;
import social.upkeep.support.StripeWorld.Delivery;

/**
 * Starts checkouts, delivers events as Stripe does (signed, over HTTP, to the server's webhook) and has the worker
 * apply them.
 */
final class StripeEvents {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private StripeEvents() {
    }

    static int deliver(int port, long serverId, String payload, Clock clock) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stripe/webhook/" + serverId))
                            .header("Content-Type", "application/json")
                            .header("Stripe-Signature", StripeStubs.sign(payload, StripeStubs.WEBHOOK_SECRET,
                                    clock.instant().getEpochSecond()))
                            .POST(HttpRequest.BodyPublishers.ofString(payload)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts a checkout as the support page would (Stripe's session stubbed); returns its id. */
    static long checkout(Checkouts checkouts, JdbcClient jdbc, Instance server, Supporter supporter,
            @Nullable Long tierId, Checkouts.Frequency frequency, long amount) {
        checkouts.start(server, supporter, new Checkouts.Choice(tierId, "Support", frequency,
                new Money(amount, server.currency())), URI.create("https://upkeep.example/thanks"),
                URI.create("https://upkeep.example/support"));
        return jdbc.sql("SELECT max(id) FROM checkout WHERE instance_id = ?").param(server.id()).query(Long.class)
                .single();
    }

    /** Until every stored event is applied or ignored (other nodes apply them), none waiting and none failed. */
    static void awaitAllApplied(JdbcClient jdbc, int events) throws InterruptedException {
        String done = "SELECT count(*) FROM stripe_event WHERE status IN ('APPLIED', 'IGNORED')";
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(120);
        while (jdbc.sql(done).query(Integer.class).single() < events && java.time.Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
        }
        assertThat(jdbc.sql(done).query(Integer.class).single())
                .as("events by status: %s", jdbc.sql("""
                        SELECT string_agg(status || ' ' || coalesce(last_error, '') || ' ' || n, '; ') FROM (
                            SELECT status, last_error, count(*) AS n FROM stripe_event GROUP BY 1, 2) s""")
                        .query(String.class).single())
                .isEqualTo(events);
    }

    /** Delivers every event, applies them, and checks none was left unapplied. */
    static void deliverAndApply(int port, long serverId, List<Delivery> deliveries, EventWorker worker,
            JdbcClient jdbc, Clock clock) {
        for (Delivery delivery : deliveries) {
            assertThat(deliver(port, serverId, delivery.payload(), clock)).isEqualTo(200);
        }
        worker.drain();
        assertThat(jdbc.sql("SELECT count(*) FROM stripe_event WHERE status IN ('PENDING', 'FAILED')")
                .query(Integer.class).single()).as("events left unapplied").isZero();
    }
}
