package social.upkeep.operator.internal;

import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Where an operator lands after signing in. */
@Controller
class DashboardController {

    @GetMapping("/operator")
    String dashboard(Principal principal, Model model) {
        model.addAttribute("operatorEmail", principal.getName());
        return "operator/dashboard";
    }
}
