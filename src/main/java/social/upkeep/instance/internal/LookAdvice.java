package social.upkeep.instance.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;

/**
 * Pages of one server that supporters see (its public page, support, thanks) carry its accent colour: the layout
 * links the server's theme stylesheet, versioned by the colour so a change shows at once.
 */
@ControllerAdvice
class LookAdvice {

    /** Pages only: the JSON, CSV, feed and badge (fetched far more often) need no lookup. */
    private static final Pattern SERVER_PAGE = Pattern.compile(
            "^/(?:servers/([a-z0-9.-]{1,253})(?:/widget|/expenses)?|support/([a-z0-9.-]{1,253})(?:/checkout|/thanks)?)$");

    private final Instances instances;
    private final ServerLooks looks;

    LookAdvice(Instances instances, ServerLooks looks) {
        this.instances = instances;
        this.looks = looks;
    }

    @ModelAttribute("theme")
    @Nullable String theme(HttpServletRequest request) {
        return server(request).flatMap(server -> looks.accent(server.id())
                        .map(accent -> request.getContextPath() + "/servers/" + server.host() + "/theme.css?v="
                                + accent.hex().substring(1)))
                .orElse(null);
    }

    @ModelAttribute("logo")
    @Nullable String logo(HttpServletRequest request) {
        return server(request).flatMap(server -> looks.logoVersion(server.id())
                        .map(version -> request.getContextPath() + "/servers/" + server.host() + "/logo?v=" + version))
                .orElse(null);
    }

    private java.util.Optional<Instance> server(HttpServletRequest request) {
        var page = SERVER_PAGE.matcher(request.getRequestURI().substring(request.getContextPath().length()));
        if (!page.matches()) {
            return java.util.Optional.empty();
        }
        return instances.findByHost(page.group(1) != null ? page.group(1) : page.group(2));
    }
}
