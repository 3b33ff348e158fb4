package social.upkeep.notification.internal;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import social.upkeep.notification.Unsubscribes;

/**
 * The unsubscribe link of optional mail. Opening it shows a button (link checkers and previews open links;
 * they must not unsubscribe anyone); the button, or a mail client's one-click POST (RFC 8058), opts out.
 */
@Controller
class UnsubscribeController {

    private final Unsubscribes unsubscribes;

    UnsubscribeController(Unsubscribes unsubscribes) {
        this.unsubscribes = unsubscribes;
    }

    @GetMapping("/mail/unsubscribe")
    String ask(@RequestParam(name = "e", defaultValue = "") String email,
            @RequestParam(name = "k", defaultValue = "") String kind,
            @RequestParam(name = "t", defaultValue = "") String token, Model model, HttpServletResponse response) {
        if (!unsubscribes.valid(email, kind, token)) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return "mail/unsubscribe-invalid";
        }
        model.addAttribute("email", email);
        model.addAttribute("kind", kind);
        model.addAttribute("token", token);
        model.addAttribute("done", unsubscribes.optedOut(email, kind));
        return "mail/unsubscribe";
    }

    @PostMapping("/mail/unsubscribe")
    String unsubscribe(@RequestParam(name = "e", defaultValue = "") String email,
            @RequestParam(name = "k", defaultValue = "") String kind,
            @RequestParam(name = "t", defaultValue = "") String token, Model model, HttpServletResponse response) {
        if (!unsubscribes.valid(email, kind, token)) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return "mail/unsubscribe-invalid";
        }
        unsubscribes.optOut(email, kind);
        model.addAttribute("email", email);
        model.addAttribute("kind", kind);
        model.addAttribute("token", token);
        model.addAttribute("done", true);
        return "mail/unsubscribe";
    }
}
