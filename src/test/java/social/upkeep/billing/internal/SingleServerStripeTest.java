package social.upkeep.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.support.MutableClock;
import social.upkeep.support.Servers;
import social.upkeep.support.StripeStubs;
import social.upkeep.support.UpkeepTest;

/** A deployment for one server takes its Stripe keys from the environment, sealed like entered ones. */
@UpkeepTest
class SingleServerStripeTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Instances instances;

    @Autowired
    MutableClock clock;

    Instance server;

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        StripeStubs.register(registry);
        registry.add("upkeep.stripe.secret-key", () -> StripeStubs.SECRET_KEY);
        registry.add("upkeep.stripe.webhook-secret", () -> StripeStubs.WEBHOOK_SECRET);
    }

    @BeforeEach
    void setUp() {
        clock.set(UpkeepTest.START);
        StripeStubs.reset("eur");
        server = Servers.create(instances, "example.social", "EUR");
    }

    @Test
    void theOnlyServerTakesTheKeysFromTheEnvironmentSealed() {
        String event = StripeStubs.event("evt_FromEnvironmentKeys01", "checkout.session.completed", false,
                clock.instant().getEpochSecond());
        assertThat(StripeEvents.deliver(port, server.id(), event, clock)).isEqualTo(200);
        assertThat(jdbc.sql("SELECT count(*) FROM stripe_event").query(Integer.class).single()).isOne();
        assertThat(jdbc.sql("SELECT secret_key_sealed || webhook_secret_sealed FROM stripe_account")
                .query(String.class).single()).doesNotContain("sk_test_").doesNotContain("whsec_");
    }

    @Test
    void withTwoServersNeitherTakesThem() {
        Instance other = Servers.create(instances, "other.social", "EUR");
        String event = StripeStubs.event("evt_FromEnvironmentKeys02", "checkout.session.completed", false,
                clock.instant().getEpochSecond());
        assertThat(StripeEvents.deliver(port, other.id(), event, clock)).isNotEqualTo(200);
        assertThat(jdbc.sql("SELECT count(*) FROM stripe_account").query(Integer.class).single()).isZero();
    }
}
