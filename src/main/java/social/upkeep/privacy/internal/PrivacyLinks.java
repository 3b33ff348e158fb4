package social.upkeep.privacy.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import social.upkeep.billing.SupporterStripe;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.shared.Authorities;

/**
 * The privacy pages the footer links to: on a server's public and support pages that server's; on the
 * supporter's own pages (and the start page) those of the servers they support, else the one server a deployment
 * has.
 */
@ControllerAdvice
class PrivacyLinks {

    private static final Pattern SERVER_PAGE = Pattern.compile("^/(?:servers|support)/([a-z0-9.-]{1,253})(?:/.*)?$");
    private static final Pattern SUPPORTER_PAGE = Pattern.compile(
            "^/(?:|me|signin/supporter|signin/email|invitations|mail/unsubscribe)(?:/.*)?$");

    private final Instances instances;
    private final SupporterStripe stripe;

    PrivacyLinks(Instances instances, SupporterStripe stripe) {
        this.instances = instances;
        this.stripe = stripe;
    }

    @ModelAttribute("privacyHosts")
    List<String> privacyHosts(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        var server = SERVER_PAGE.matcher(path);
        if (server.matches()) {
            // Without a lookup: public pages are read far more than anything else, and an unknown host is a 404.
            return List.of(server.group(1));
        }
        if (!SUPPORTER_PAGE.matcher(path).matches()) {
            return List.of();
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        List<String> theirs = authentication == null ? List.of() : Authorities.supporterId(authentication)
                .map(id -> stripe.serversOf(id).stream().map(instances::find)
                        .flatMap(java.util.Optional::stream).map(Instance::host).toList())
                .orElse(List.of());
        return !theirs.isEmpty() ? theirs : instances.single().map(Instance::host).stream().toList();
    }
}
