package social.upkeep.shared;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Upkeep's own address for links that leave it (mail, OAuth redirect URIs registered on servers, Stripe's return
 * and webhook URLs): the configured {@code UPKEEP_BASE_URL}, never the request's Host header, which a stranger can
 * set to their own site to harvest sign-in links. Only when the setting is blank (the tests, on random ports) is
 * the request's address used.
 */
@Component
public class PublicUrls {

    private final String base;

    PublicUrls(@Value("${upkeep.base-url:}") String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public URI of(HttpServletRequest request, String path) {
        return base.isBlank() ? ServletUriComponentsBuilder.fromContextPath(request).path(path).build().toUri()
                : URI.create(base + path);
    }
}
