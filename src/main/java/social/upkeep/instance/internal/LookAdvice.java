package social.upkeep.instance.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.ui.Model;
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

    /** One lookup of the server and one read of its look for both: the theme stylesheet and the logo. */
    @ModelAttribute
    void look(HttpServletRequest request, Model model) {
        var page = SERVER_PAGE.matcher(request.getRequestURI().substring(request.getContextPath().length()));
        Instance server = page.matches()
                ? instances.findByHost(page.group(1) != null ? page.group(1) : page.group(2)).orElse(null) : null;
        var look = server == null ? ServerLooks.Look.NONE : looks.look(server.id());
        String base = server == null ? "" : request.getContextPath() + "/servers/" + server.host();
        model.addAttribute("theme", look.accent().map(accent -> base + "/theme.css?v=" + accent.hex().substring(1))
                .orElse(null));
        model.addAttribute("logo", look.logoVersion().map(version -> base + "/logo?v=" + version).orElse(null));
    }
}
