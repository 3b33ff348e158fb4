package social.upkeep.signin.internal;

import java.time.ZoneOffset;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import social.upkeep.instance.FediverseServers;
import social.upkeep.instance.Software;
import social.upkeep.instance.Instances;

/** A server's connection as its operator sees it: software, state, scopes, last success, errors. */
@Controller
class ConnectionController {

    private final FediverseServers servers;
    private final Instances instances;

    ConnectionController(FediverseServers servers, Instances instances) {
        this.servers = servers;
        this.instances = instances;
    }

    @GetMapping("/operator/servers/{id}/connection")
    String show(@PathVariable long id, Model model) {
        model.addAttribute("server", instances.get(id));
        var connection = servers.connection(id);
        model.addAttribute("connection", connection.orElse(null));
        model.addAttribute("lacksPermissions", connection.filter(FediverseServers::lacksPermissions).isPresent());
        model.addAttribute("lastSuccessAt", connection.map(c -> c.lastSuccessAt())
                .map(at -> at.atOffset(ZoneOffset.UTC)).orElse(null));
        return "signin/connection";
    }

    @PostMapping("/operator/servers/{id}/disconnect")
    String disconnect(@PathVariable long id, @RequestParam(defaultValue = "") String confirm,
            RedirectAttributes redirect) {
        if (!"yes".equals(confirm)) {
            redirect.addFlashAttribute("problem", "connection.disconnect.unconfirmed");
            return "redirect:/operator/servers/" + id + "/connection";
        }
        boolean misskey = servers.connection(id).filter(c -> c.software() == Software.MISSKEY).isPresent();
        boolean revoked = servers.disconnect(id);
        if (misskey) {
            // Misskey's i/revoke-token is for its own client: no other app can revoke a MiAuth token.
            redirect.addFlashAttribute("notice", "connection.disconnected-misskey");
        } else {
            redirect.addFlashAttribute(revoked ? "notice" : "problem",
                    revoked ? "connection.disconnected" : "connection.disconnected-not-revoked");
        }
        return "redirect:/operator/servers/" + id + "/connection";
    }
}
