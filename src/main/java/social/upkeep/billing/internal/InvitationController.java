package social.upkeep.billing.internal;

import jakarta.servlet.http.HttpServletResponse;


import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import social.upkeep.shared.LongDates;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.shared.Authorities;
import social.upkeep.tier.Tiers;

/**
 * An invitation to a complimentary membership: the link shows what is offered and by which server; a signed-in
 * supporter accepts it with a button (link checkers open links; they must not accept anything).
 */
@Controller
class InvitationController {

    private final Invitations invitations;
    private final Instances instances;
    private final Tiers tiers;

    InvitationController(Invitations invitations, Instances instances, Tiers tiers) {
        this.invitations = invitations;
        this.instances = instances;
        this.tiers = tiers;
    }

    @GetMapping("/invitations/{token}")
    String show(@PathVariable String token, @Nullable Authentication who, Model model, Locale locale,
            HttpServletResponse response) {
        var invitation = invitations.open(token);
        if (invitation.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            return "billing/invitation-gone";
        }
        Instance server = instances.get(invitation.get().instanceId());
        model.addAttribute("token", token);
        model.addAttribute("serverName", server.displayName());
        model.addAttribute("tierName", invitation.get().tierId() == null ? ""
                : tiers.get(server.id(), invitation.get().tierId()).name());
        model.addAttribute("until", invitation.get().endsAt() == null ? "" : LongDates.in(locale).format(invitation.get().endsAt()
                        .atZone(server.timeZone())));
        model.addAttribute("signedIn", who != null && Authorities.supporterId(who).isPresent());
        return "billing/invitation";
    }

    @PostMapping("/invitations/{token}")
    String accept(@PathVariable String token, Authentication who, RedirectAttributes redirect,
            HttpServletResponse response) {
        long supporter = Authorities.supporterId(who).orElseThrow();
        var accepted = invitations.accept(token, supporter);
        if (accepted.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            return "billing/invitation-gone";
        }
        redirect.addFlashAttribute("notice", "invitation.accepted");
        return "redirect:/me";
    }
}
