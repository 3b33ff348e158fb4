package social.upkeep.supporter.internal;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import social.upkeep.shared.NotFound;
import social.upkeep.shared.Authorities;
import social.upkeep.supporter.Supporters;

/** "My support": who the supporter is signed in as; payments and roles join it with billing and role sync. */
@Controller
class MySupportController {

    private final Supporters supporters;

    MySupportController(Supporters supporters) {
        this.supporters = supporters;
    }

    @GetMapping("/me")
    String mine(Authentication authentication, Model model) {
        long id = Authorities.supporterId(authentication).orElseThrow(() -> new NotFound("Supporter"));
        model.addAttribute("supporter", supporters.get(id).orElseThrow(() -> new NotFound("Supporter")));
        return "supporter/me";
    }
}
