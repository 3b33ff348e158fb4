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
import social.upkeep.shared.ReturnPaths;
import social.upkeep.instance.Instances;

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
    private final Instances instances;

    EmailSignInController(EmailLinks links, Supporters supporters, PublicUrls urls, SessionSignIn sessions,
            Instances instances) {
        this.instances = instances;
        this.sessions = sessions;
        this.urls = urls;
        this.links = links;
        this.supporters = supporters;
    }

    @PostMapping("/signin/email")
    String request(@RequestParam(defaultValue = "") String email, @RequestParam(required = false) String next,
            HttpServletRequest request, Locale locale, RedirectAttributes redirect) {
        String wanted = ReturnPaths.support(next).orElse(null);
        String back = "redirect:" + ReturnPaths.withNext("/signin/supporter", wanted);
        if (!links.available()) {
            redirect.addFlashAttribute("problem", "email-signin.unavailable");
            return back;
        }
        Optional<String> address = EmailLinks.normalise(email);
        if (address.isEmpty()) {
            redirect.addFlashAttribute("problem", "email-signin.invalid");
            return back;
        }
        String base = urls.of(request, "/signin/email/").toString();
        if (!links.send(address.get(), request.getRemoteAddr(), base, locale, wanted,
                FediverseSignInController.supporting(instances, wanted))) {
            redirect.addFlashAttribute("problem", "email-signin.too-many");
            return back;
        }
        redirect.addFlashAttribute("notice", "email-signin.sent");
        return back;
    }

    @GetMapping("/signin/email/{token}")
    String confirm(@PathVariable String token, Model model) {
        model.addAttribute("token", token);
        model.addAttribute("supporting", FediverseSignInController.supporting(instances,
                links.nextOf(token).orElse(null)));
        return "signin/email-link";
    }

    @PostMapping("/signin/email/{token}")
    String use(@PathVariable String token, HttpServletRequest request, HttpServletResponse response,
            RedirectAttributes redirect) {
        Optional<EmailLinks.Used> used = links.use(token);
        if (used.isEmpty()) {
            redirect.addFlashAttribute("problem", "email-signin.expired");
            return "redirect:/signin/supporter";
        }
        Supporter supporter = supporters.signedInWithEmail(used.get().email());
        sessions.signIn(request, response, used.get().email(),
                List.of(Authorities.SUPPORTER, Authorities.supporter(supporter.id())));
        // Checked again on the way out: only a support page of Upkeep's own.
        return "redirect:" + ReturnPaths.support(used.get().next()).orElse("/me");
    }
}
