package social.upkeep.billing.internal;

import com.stripe.StripeClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/** A {@link StripeClient} per call, with the server's own key; never the static {@code Stripe.apiKey}. */
@Component
@EnableConfigurationProperties(StripeSettings.class)
class StripeClients {

    private final StripeSettings settings;

    StripeClients(StripeSettings settings) {
        this.settings = settings;
    }

    StripeClient forKey(String secretKey) {
        return StripeClient.builder()
                .setApiKey(secretKey)
                .setApiBase(settings.apiBase())
                .setConnectTimeout((int) settings.connectTimeout().toMillis())
                .setReadTimeout((int) settings.readTimeout().toMillis())
                .setMaxNetworkRetries(settings.maxNetworkRetries())
                .build();
    }
}
