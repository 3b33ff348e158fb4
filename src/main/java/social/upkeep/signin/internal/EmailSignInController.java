package social.upkeep.signin.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import social.upkeep.shared.Authorities;
import social.upkeep.shared.PublicUrls;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;

/**
 * Email sign-in for supporters without a fediverse account. Opening the link shows a button rather than
 * signing in at once, so mail scanners that follow links do not use it up.
 */
@Controller
class EmailSignInController {

    private final EmailLinks links;
    private final Supporters supporters;
    private final SessionSignIn sessions;

    private final PublicUrls urls;

    EmailSignInController(EmailLinks links, Supporters supporters, PublicUrls urls, SessionSignIn sessions) {
        this.sessions = sessions;
        this.urls = urls;
        this.links = links;
        this.supporters = supporters;
    }

    @PostMapping("/signin/email")
    String request(@RequestParam(defaultValue = "") String email, HttpServletRequest request, Locale locale,
            RedirectAttributes redirect) {
        if (!links.available()) {
            redirect.addFlashAttribute("problem", "email-signin.unavailable");
            return "redirect:/signin/supporter";
        }
        Optional<String> address = EmailLinks.normalise(email);
        if (address.isEmpty()) {
            redirect.addFlashAttribute("problem", "email-signin.invalid");
            return "redirect:/signin/supporter";
        }
        String base = urls.of(request, "/signin/email/").toString();
        if (!links.send(address.get(), request.getRemoteAddr(), base, locale)) {
            redirect.addFlashAttribute("problem", "email-signin.too-many");
            return "redirect:/signin/supporter";
        }
        redirect.addFlashAttribute("notice", "email-signin.sent");
        return "redirect:/signin/supporter";
    }

    @GetMapping("/signin/email/{token}")
    String confirm(@PathVariable String token, Model model) {
        model.addAttribute("token", token);
        return "signin/email-link";
    }

    @PostMapping("/signin/email/{token}")
    String use(@PathVariable String token, HttpServletRequest request, HttpServletResponse response,
            RedirectAttributes redirect) {
        Optional<String> email = links.use(token);
        if (email.isEmpty()) {
            redirect.addFlashAttribute("problem", "email-signin.expired");
            return "redirect:/signin/supporter";
        }
        Supporter supporter = supporters.signedInWithEmail(email.get());
        sessions.signIn(request, response, email.get(),
                List.of(Authorities.SUPPORTER, Authorities.supporter(supporter.id())));
        return "redirect:/me";
    }
}
