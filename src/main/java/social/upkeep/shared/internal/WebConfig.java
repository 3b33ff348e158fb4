package social.upkeep.shared.internal;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;
import social.upkeep.shared.Languages;

/**
 * Pages speak the reader's language: the one they picked with the switcher (kept in a cookie set only
 * when they pick), else the best match from Accept-Language, else English.
 */
@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {

    static final List<Locale> SUPPORTED = Languages.SUPPORTED;

    /** The bundles in {@code i18n/}, formatted with ICU's plural rules; no fallback to the machine's language. */
    @Bean
    MessageSource messageSource() {
        var source = new IcuMessageSource();
        source.setBasename("i18n/messages");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        return source;
    }

    /** The switcher's languages, for templates ({@code ${@languages.tags()}}). */
    @Bean
    LanguageList languages() {
        return new LanguageList();
    }

    public static final class LanguageList {

        public List<String> tags() {
            return Languages.tags();
        }

        /**
         * The switcher's link to this page in another language: the page's own query is kept ("?tier=3" on the
         * support page stays chosen), only its {@code lang} is replaced.
         */
        public String link(String tag) {
            String query = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes current
                    ? current.getRequest().getQueryString() : null;
            return UriComponentsBuilder.newInstance().query(query).replaceQueryParam("lang", tag).build()
                    .toUriString();
        }
    }

    @Bean
    LocaleResolver localeResolver() {
        var fromHeader = new AcceptHeaderLocaleResolver();
        fromHeader.setSupportedLocales(SUPPORTED);
        fromHeader.setDefaultLocale(Locale.ENGLISH);
        var resolver = new CookieLocaleResolver("upkeep-lang");
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookieHttpOnly(true);
        resolver.setCookieSameSite("Lax");
        resolver.setDefaultLocaleFunction(request -> sameLanguage(request, fromHeader.resolveLocale(request)));
        return resolver;
    }

    /**
     * Spring matches a browser's language to an offered one only exactly or when the offered one has no region; so a
     * reader asking for Portuguese from Portugal (pt-PT, pt) would get English although Portuguese (Brazil) is
     * offered. Where nothing matched, the reader's first language that is offered in any region wins, unless they
     * put English before it.
     */
    private static Locale sameLanguage(jakarta.servlet.http.HttpServletRequest request, Locale matched) {
        if (!matched.equals(Locale.ENGLISH) || request.getHeader("Accept-Language") == null) {
            return matched;
        }
        for (var wanted = request.getLocales(); wanted.hasMoreElements();) {
            String language = wanted.nextElement().getLanguage();
            if (language.equals("en")) {
                return matched;
            }
            for (Locale offered : SUPPORTED) {
                if (offered.getLanguage().equals(language)) {
                    return offered;
                }
            }
        }
        return matched;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        var change = new LocaleChangeInterceptor() {
            @Override
            protected @org.jspecify.annotations.Nullable Locale parseLocaleValue(String value) {
                Locale locale = super.parseLocaleValue(value);
                // Only languages we have bundles for; anything else is ignored rather than stored.
                return locale != null && SUPPORTED.contains(locale) ? locale : null;
            }
        };
        change.setParamName("lang");
        change.setIgnoreInvalidLocale(true);
        change.setHttpMethods("GET");
        registry.addInterceptor(change);
    }

    @Override
    public void addFormatters(FormatterRegistry registry) {
        registry.addPrinter(new MoneyPrinter());
    }
}
