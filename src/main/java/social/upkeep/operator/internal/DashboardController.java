package social.upkeep.operator.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import social.upkeep.rolesync.MemberRoles;
import java.security.Principal;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import social.upkeep.shared.Authorities;
import social.upkeep.shared.ServerChecklist;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import social.upkeep.instance.Instances;

/** Where an operator lands after signing in. */
@Controller
class DashboardController {

    private final Instances instances;
    private final MemberRoles memberRoles;
    private final ServerChecklist checklist;

    DashboardController(Instances instances, MemberRoles memberRoles, ServerChecklist checklist) {
        this.instances = instances;
        this.memberRoles = memberRoles;
        this.checklist = checklist;
    }

    @GetMapping("/operator")
    String dashboard(Principal principal, Model model, Locale locale, HttpServletRequest request) {
        if (principal instanceof Authentication who && Authorities.operatedServer(who).isPresent()) {
            return "redirect:/operator/servers/" + Authorities.operatedServer(who).get();
        }
        model.addAttribute("operatorEmail", principal.getName());
        model.addAttribute("servers", instances.all());
        Map<Long, MemberRoles.Status> roles = new HashMap<>();
        instances.all().forEach(server -> roles.put(server.id(), memberRoles.status(server.id())));
        model.addAttribute("roleSync", roles);
        Map<Long, ServerChecklist.Checklist> checklists = new HashMap<>();
        instances.all().forEach(server -> checklists.put(server.id(),
                checklist.of(server.id(), locale, request.getServerName())));
        model.addAttribute("checklists", checklists);
        return "operator/dashboard";
    }
}
