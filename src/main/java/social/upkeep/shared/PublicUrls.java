package social.upkeep.shared;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
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
    private volatile int port;

    PublicUrls(@Value("${upkeep.base-url:}") String base, @Value("${server.port:8080}") int port) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.port = port;
    }

    /** The port the server really listens on (tests use a random one). */
    @EventListener
    void started(WebServerInitializedEvent event) {
        port = event.getWebServer().getPort();
    }

    /** A link outside any request (in mail): the configured address; without one, this machine's port. */
    public URI of(String path) {
        return base.isBlank() ? URI.create("http://localhost:" + port + path) : URI.create(base + path);
    }

    public URI of(HttpServletRequest request, String path) {
        return base.isBlank() ? ServletUriComponentsBuilder.fromContextPath(request).path(path).build().toUri()
                : URI.create(base + path);
    }
}
