package social.upkeep.operator.internal;

import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import social.upkeep.instance.Instances;

/** Where an operator lands after signing in. */
@Controller
class DashboardController {

    private final Instances instances;

    DashboardController(Instances instances) {
        this.instances = instances;
    }

    @GetMapping("/operator")
    String dashboard(Principal principal, Model model) {
        model.addAttribute("operatorEmail", principal.getName());
        model.addAttribute("servers", instances.all());
        return "operator/dashboard";
    }
}
