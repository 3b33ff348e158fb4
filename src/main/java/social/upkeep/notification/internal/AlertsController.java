package social.upkeep.notification.internal;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import social.upkeep.instance.Instances;
import social.upkeep.notification.OperatorAlerts;

/** A server's operator alerts: to which address, and which kinds. */
@Controller
class AlertsController {

    /** Deliberately plain: one @, no spaces or line breaks, a dot in the domain. */
    private static final Pattern ADDRESS = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");

    private final Instances instances;
    private final OperatorAlerts alerts;

    AlertsController(Instances instances, OperatorAlerts alerts) {
        this.instances = instances;
        this.alerts = alerts;
    }

    @GetMapping("/operator/servers/{id}/alerts")
    String show(@PathVariable long id, Model model) {
        model.addAttribute("server", instances.get(id));
        model.addAttribute("settings", alerts.settings(id));
        model.addAttribute("kinds", OperatorAlerts.Kind.values());
        return "operator/alerts";
    }

    @PostMapping("/operator/servers/{id}/alerts")
    String save(@PathVariable long id, @RequestParam(defaultValue = "") String address,
            @RequestParam(defaultValue = "") List<String> kinds, RedirectAttributes redirect) {
        instances.get(id);
        String to = address.strip().toLowerCase(Locale.ROOT);
        if (!to.isEmpty() && (to.length() > 254 || !ADDRESS.matcher(to).matches())) {
            redirect.addFlashAttribute("problem", "alerts.address.invalid");
            return "redirect:/operator/servers/" + id + "/alerts";
        }
        Map<OperatorAlerts.Kind, Boolean> chosen = new EnumMap<>(OperatorAlerts.Kind.class);
        for (OperatorAlerts.Kind kind : OperatorAlerts.Kind.values()) {
            chosen.put(kind, kinds.contains(kind.name()));
        }
        alerts.save(id, to.isEmpty() ? null : to, chosen);
        redirect.addFlashAttribute("notice", "alerts.saved");
        return "redirect:/operator/servers/" + id + "/alerts";
    }
}
