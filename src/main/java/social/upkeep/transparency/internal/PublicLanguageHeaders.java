package social.upkeep.transparency.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Public responses are in the visitor's language: the one they picked (the {@code upkeep-lang} cookie), else
 * their Accept-Language. {@code Vary} says so, so neither their browser nor a shared cache serves one language
 * to a visitor who chose another. A response to {@code ?lang=} sets that cookie and is kept private.
 */
class PublicLanguageHeaders extends OncePerRequestFilter {

    static final String VARY = "Accept-Language, Cookie";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.addHeader("Vary", VARY);
        chain.doFilter(request, request.getParameter("lang") == null ? response : new Private(response));
    }

    /** Whatever the page asks, a response that sets the language cookie is for this visitor only. */
    private static final class Private extends HttpServletResponseWrapper {

        Private(HttpServletResponse response) {
            super(response);
            super.setHeader("Cache-Control", "private, max-age=60");
        }

        @Override
        public void setHeader(String name, String value) {
            if (!"Cache-Control".equalsIgnoreCase(name)) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (!"Cache-Control".equalsIgnoreCase(name)) {
                super.addHeader(name, value);
            }
        }
    }
}
