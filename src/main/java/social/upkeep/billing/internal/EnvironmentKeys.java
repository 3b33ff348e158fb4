package social.upkeep.billing.internal;

import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Stripe keys given by environment variables ({@code UPKEEP_STRIPE_SECRET_KEY}, {@code UPKEEP_STRIPE_WEBHOOK_SECRET})
 * for a deployment that serves one server: they become that server's keys, sealed like keys entered on the
 * page. A value that is not a Stripe key stops the start, naming the variable, never the value.
 */
@Component
class EnvironmentKeys {

    private final Optional<String> secretKey;
    private final Optional<String> webhookSecret;

    EnvironmentKeys(@Value("${upkeep.stripe.secret-key:}") String secretKey,
            @Value("${upkeep.stripe.webhook-secret:}") String webhookSecret) {
        this.secretKey = Optional.of(secretKey.strip()).filter(key -> !key.isEmpty());
        this.webhookSecret = Optional.of(webhookSecret.strip()).filter(secret -> !secret.isEmpty());
        if (this.secretKey.isPresent() && !StripeAccounts.SECRET_KEY.matcher(this.secretKey.get()).matches()) {
            throw new IllegalStateException("UPKEEP_STRIPE_SECRET_KEY is not a Stripe secret or restricted key");
        }
        if (this.webhookSecret.isPresent()
                && !StripeAccounts.WEBHOOK_SECRET.matcher(this.webhookSecret.get()).matches()) {
            throw new IllegalStateException("UPKEEP_STRIPE_WEBHOOK_SECRET is not a webhook signing secret");
        }
        if (this.webhookSecret.isPresent() && this.secretKey.isEmpty()) {
            throw new IllegalStateException("UPKEEP_STRIPE_WEBHOOK_SECRET needs UPKEEP_STRIPE_SECRET_KEY too");
        }
    }

    Optional<String> secretKey() {
        return secretKey;
    }

    Optional<String> webhookSecret() {
        return webhookSecret;
    }

    @Override
    public String toString() {
        return "EnvironmentKeys[" + (secretKey.isPresent() ? "set" : "not set") + "]";
    }
}
