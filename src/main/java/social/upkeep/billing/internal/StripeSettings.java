package social.upkeep.billing.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Upkeep reaches Stripe. {@code apiBase} exists for tests (a WireMock playing Stripe); {@code maxEventBytes}
 * caps a webhook body (Stripe's events are a few kilobytes; the cap stops someone posting megabytes).
 * {@code workerEnabled} off leaves stored events to be applied by whoever calls the worker (tests do);
 * {@code workerLease}: how long a claimed event is left to its worker before another node may take it (a worker
 * that died holds it that long), longer than any apply with its Stripe calls, timeouts and retries;
 * {@code workerThreads}: events applied at once per node (each mostly waits for Stripe's answers).
 */
@ConfigurationProperties("upkeep.stripe")
record StripeSettings(@DefaultValue("https://api.stripe.com") String apiBase,
        @DefaultValue("10s") Duration connectTimeout, @DefaultValue("30s") Duration readTimeout,
        @DefaultValue("2") int maxNetworkRetries, @DefaultValue("262144") int maxEventBytes,
        @DefaultValue("300s") Duration signatureTolerance, @DefaultValue("true") boolean workerEnabled,
        @DefaultValue("1s") Duration workerPoll, @DefaultValue("5m") Duration workerLease,
        @DefaultValue("4") int workerThreads) {
}
