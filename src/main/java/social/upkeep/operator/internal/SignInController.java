package social.upkeep.operator.internal;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page; Spring Security handles the POST. Before setup there is no one to sign in. */
@Controller
class SignInController {

    private final Owners owners;

    SignInController(Owners owners) {
        this.owners = owners;
    }

    @GetMapping("/signin")
    String signIn() {
        return owners.exists() ? "signin" : "redirect:/setup";
    }
}
