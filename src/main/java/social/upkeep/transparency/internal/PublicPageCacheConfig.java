package social.upkeep.transparency.internal;

import java.time.Clock;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;

@Configuration(proxyBeanMethods = false)
class PublicPageCacheConfig {

    /** After Spring Security's filters (order -100), so the visitor is known and the headers are written. */
    @Bean
    FilterRegistrationBean<PublicPageCache> publicPageCache(ReportCache cache, LocaleResolver locales, Clock clock) {
        var registration = new FilterRegistrationBean<>(new PublicPageCache(cache, locales, clock));
        registration.addUrlPatterns("/servers/*");
        registration.setOrder(0);
        return registration;
    }

    /** Before the page cache, so a kept page is served with the same Vary as a fresh one. */
    @Bean
    FilterRegistrationBean<PublicLanguageHeaders> publicLanguageHeaders() {
        var registration = new FilterRegistrationBean<>(new PublicLanguageHeaders());
        registration.addUrlPatterns("/servers/*");
        registration.setOrder(-1);
        return registration;
    }
}
