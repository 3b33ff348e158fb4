package social.upkeep.privacy.internal;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.shared.NotFound;
import social.upkeep.shared.Retention;

/**
 * A server's privacy page: what Upkeep keeps about supporters and for how long (from the retention settings this
 * deployment runs with), who else sees what, the operator's contact and their own words. Public, like the
 * transparency page: no cookie, no tracker.
 */
@Controller
class PrivacyPageController {

    private final Instances instances;
    private final PrivacyStore store;
    private final Retention retention;
    private final String smtpHost;

    PrivacyPageController(Instances instances, PrivacyStore store, Retention retention,
            @Value("${upkeep.smtp.host:}") String smtpHost) {
        this.instances = instances;
        this.store = store;
        this.retention = retention;
        this.smtpHost = smtpHost;
    }

    @GetMapping("/servers/{host}/privacy")
    String page(@PathVariable String host, Model model, HttpServletResponse response) {
        Instance server = instances.findByHost(host).orElseThrow(() -> new NotFound("Server"));
        var settings = store.settings(server.id());
        response.setHeader("Cache-Control", "max-age=60, public");
        model.addAttribute("server", server);
        model.addAttribute("settings", settings);
        model.addAttribute("contactLink", PrivacyController.contactLink(settings.contact()));
        model.addAttribute("statement", paragraphs(settings.statement()));
        model.addAttribute("messageDays", retention.messageBodies().toDays());
        model.addAttribute("stripeDays", retention.stripePayloads().toDays());
        model.addAttribute("inactiveYears", retention.inactiveSupporters().getYears());
        model.addAttribute("mailProvider", smtpHost.isBlank() ? null : smtpHost);
        return "privacy/page";
    }

    /** The operator's text, in paragraphs where they left a blank line; shown as text, never as markup. */
    static List<String> paragraphs(String text) {
        return Arrays.stream(text.split("\\n\\s*\\n")).map(String::strip).filter(p -> !p.isEmpty()).toList();
    }
}
