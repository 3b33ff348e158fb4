package social.upkeep.transparency.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Keeps the rendered public page of each server, per language and range, for anonymous visitors: the page is
 * the same for all of them, and rendering it is most of its cost. Any change a page shows drops every kept page
 * once it commits (see {@link ReportCache}, which holds them); the time to live bounds staleness on other nodes.
 * Runs after the security filters, so kept pages carry the same headers as fresh ones.
 */
class PublicPageCache extends OncePerRequestFilter {

    private static final Pattern PAGE = Pattern.compile("/servers/[a-z0-9.-]+");

    private final ReportCache cache;
    private final LocaleResolver locales;
    private final Clock clock;

    PublicPageCache(ReportCache cache, LocaleResolver locales, Clock clock) {
        this.cache = cache;
        this.locales = locales;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String query = request.getQueryString();
        return !"GET".equals(request.getMethod()) || !PAGE.matcher(request.getRequestURI()).matches()
                || (query != null && !query.matches("range=(12|24)"))
                || !(SecurityContextHolder.getContext().getAuthentication() instanceof AnonymousAuthenticationToken);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Locale locale = locales.resolveLocale(request);
        String key = request.getRequestURI() + "?" + request.getQueryString() + "|" + locale.toLanguageTag();
        Instant now = clock.instant();
        ReportCache.Page page = cache.keptPage(key);
        if (page != null && page.generation() == cache.pageGeneration()
                && !page.madeAt().plus(ReportCache.TIME_TO_LIVE).isBefore(now) && !page.madeAt().isAfter(now)) {
            response.setContentType(page.contentType());
            response.setLocale(locale);
            response.setHeader("Cache-Control", "max-age=60, public");
            response.setContentLength(page.body().length);
            response.getOutputStream().write(page.body());
            return;
        }
        long before = cache.pageGeneration();
        var capture = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, capture);
        if (capture.getStatus() == 200 && capture.getContentType() != null) {
            cache.keepPage(key, new ReportCache.Page(capture.getContentAsByteArray(), capture.getContentType(), before, now));
        }
        capture.copyBodyToResponse();
    }
}
