package social.upkeep.privacy.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import social.upkeep.billing.SupporterStripe;
import social.upkeep.membership.Memberships;
import social.upkeep.privacy.internal.PrivacyStore.ErasedBy;
import social.upkeep.shared.Authorities;
import social.upkeep.shared.NotFound;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;

/**
 * "Delete my account" on my support: a page that says what will happen, and the erasure once the supporter
 * confirms. If Stripe cannot be reached nothing changes and they are told so; afterwards they are signed out.
 */
@Controller
class MyErasureController {

    private final Supporters supporters;
    private final Memberships memberships;
    private final Erasures erasures;

    MyErasureController(Supporters supporters, Memberships memberships, Erasures erasures) {
        this.supporters = supporters;
        this.memberships = memberships;
        this.erasures = erasures;
    }

    @GetMapping("/me/delete")
    String confirm(Authentication authentication, Model model) {
        Supporter supporter = supporter(authentication);
        model.addAttribute("supporter", supporter);
        model.addAttribute("cancelled", memberships.liveSubscriptions(supporter.id()));
        return "privacy/delete-me";
    }

    @PostMapping("/me/delete")
    String erase(Authentication authentication, @RequestParam(defaultValue = "false") boolean confirm,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        Supporter supporter = supporter(authentication);
        if (!confirm) {
            model.addAttribute("problem", "privacy.delete.confirm-needed");
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return confirm(authentication, model);
        }
        try {
            erasures.erase(supporter.id(), ErasedBy.SUPPORTER);
        } catch (SupporterStripe.Unreachable e) {
            model.addAttribute("problem", e.messageKey());
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return confirm(authentication, model);
        }
        var session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        return "privacy/deleted";
    }

    private Supporter supporter(Authentication authentication) {
        return Authorities.supporterId(authentication).flatMap(supporters::get)
                .filter(supporter -> supporter.email() != null || supporter.handle() != null)
                .orElseThrow(() -> new NotFound("Supporter"));
    }
}
