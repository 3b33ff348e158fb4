package social.upkeep.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import social.upkeep.support.StripeStubs;

/** Keys from the environment are checked at start, and an error names the variable, never the value. */
class EnvironmentKeysTest {

    @Test
    void validKeysAreTaken() {
        var keys = new EnvironmentKeys(" " + StripeStubs.SECRET_KEY + "\n", StripeStubs.WEBHOOK_SECRET);
        assertThat(keys.secretKey()).contains(StripeStubs.SECRET_KEY);
        assertThat(keys.webhookSecret()).contains(StripeStubs.WEBHOOK_SECRET);
        assertThat(keys.toString()).doesNotContain(StripeStubs.SECRET_KEY).doesNotContain(StripeStubs.WEBHOOK_SECRET);
        assertThat(new EnvironmentKeys("", "").secretKey()).isEmpty();
    }

    @Test
    void somethingElseStopsTheStartWithoutShowingIt() {
        assertThatThrownBy(() -> new EnvironmentKeys("pk_live_publishable0000000000000", ""))
                .hasMessage("UPKEEP_STRIPE_SECRET_KEY is not a Stripe secret or restricted key");
        assertThatThrownBy(() -> new EnvironmentKeys(StripeStubs.SECRET_KEY, "whsec short"))
                .hasMessage("UPKEEP_STRIPE_WEBHOOK_SECRET is not a webhook signing secret");
        assertThatThrownBy(() -> new EnvironmentKeys("", StripeStubs.WEBHOOK_SECRET))
                .hasMessage("UPKEEP_STRIPE_WEBHOOK_SECRET needs UPKEEP_STRIPE_SECRET_KEY too");
    }
}
