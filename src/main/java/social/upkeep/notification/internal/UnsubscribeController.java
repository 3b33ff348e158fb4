package social.upkeep.notification.internal;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import social.upkeep.instance.Instances;
import social.upkeep.notification.Unsubscribes;

/**
 * The unsubscribe link of optional mail. Opening it shows a button (link checkers and previews open links;
 * they must not unsubscribe anyone); the button, or a mail client's one-click POST (RFC 8058), opts out of that
 * kind of mail from the server that sent it. Links from before opt-outs were per server carry no server and
 * still work, for every server.
 */
@Controller
class UnsubscribeController {

    private final Unsubscribes unsubscribes;
    private final Instances instances;

    UnsubscribeController(Unsubscribes unsubscribes, Instances instances) {
        this.unsubscribes = unsubscribes;
        this.instances = instances;
    }

    @GetMapping("/mail/unsubscribe")
    String ask(@RequestParam(name = "e", defaultValue = "") String email,
            @RequestParam(name = "k", defaultValue = "") String kind,
            @RequestParam(name = "s", required = false) @Nullable Long server,
            @RequestParam(name = "t", defaultValue = "") String token, Model model, HttpServletResponse response) {
        if (!unsubscribes.valid(email, kind, server, token)) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return "mail/unsubscribe-invalid";
        }
        show(model, email, kind, server, token, server == null ? unsubscribes.optedOutEverywhere(email, kind)
                : unsubscribes.optedOut(email, kind, server));
        return "mail/unsubscribe";
    }

    @PostMapping("/mail/unsubscribe")
    String unsubscribe(@RequestParam(name = "e", defaultValue = "") String email,
            @RequestParam(name = "k", defaultValue = "") String kind,
            @RequestParam(name = "s", required = false) @Nullable Long server,
            @RequestParam(name = "t", defaultValue = "") String token, Model model, HttpServletResponse response) {
        if (!unsubscribes.valid(email, kind, server, token)) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return "mail/unsubscribe-invalid";
        }
        unsubscribes.optOut(email, kind, server);
        show(model, email, kind, server, token, true);
        return "mail/unsubscribe";
    }

    private void show(Model model, String email, String kind, @Nullable Long server, String token, boolean done) {
        model.addAttribute("email", email);
        model.addAttribute("kind", kind);
        model.addAttribute("server", server);
        model.addAttribute("serverName", server == null ? null : instances.get(server).displayName());
        model.addAttribute("token", token);
        model.addAttribute("done", done);
    }
}
