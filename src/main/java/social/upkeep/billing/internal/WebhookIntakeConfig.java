package social.upkeep.billing.internal;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class WebhookIntakeConfig {

    /**
     * First of all filters: a delivery needs no session, CSRF token, page headers or request metrics (Spring
     * Security and the observation filter took half of each delivery's time), only its signature, which the
     * intake checks itself. Nothing else answers on this path.
     */
    @Bean
    FilterRegistrationBean<WebhookIntake> webhookIntake(StripeAccounts accounts, EventInbox inbox,
            StripeSettings settings, Clock clock, MeterRegistry metrics) {
        var registration = new FilterRegistrationBean<>(new WebhookIntake(accounts, inbox, settings, clock,
                metrics));
        registration.addUrlPatterns(WebhookIntake.PATH + "*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
