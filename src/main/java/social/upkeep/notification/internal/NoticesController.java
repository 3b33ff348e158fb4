package social.upkeep.notification.internal;

import java.time.Clock;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import social.upkeep.instance.Instances;
import social.upkeep.instance.NoticeAccounts;
import social.upkeep.instance.ServerRefused;

/**
 * A server's notice account (which account sends direct messages to supporters without an email address) and
 * the messages it sent or could not send.
 */
@Controller
class NoticesController {

    private final Instances instances;
    private final NoticeAccounts accounts;
    private final NoticeStore store;
    private final Clock clock;

    NoticesController(Instances instances, NoticeAccounts accounts, NoticeStore store, Clock clock) {
        this.instances = instances;
        this.accounts = accounts;
        this.store = store;
        this.clock = clock;
    }

    @GetMapping("/operator/servers/{id}/notices")
    String show(@PathVariable long id, Model model) {
        model.addAttribute("server", instances.get(id));
        model.addAttribute("account", accounts.account(id).orElse(null));
        model.addAttribute("recent", store.recent(id, 50));
        return "operator/notices";
    }

    @PostMapping("/operator/servers/{id}/notices/account")
    String connect(@PathVariable long id, @RequestParam(defaultValue = "") String token,
            RedirectAttributes redirect) {
        instances.get(id);
        try {
            accounts.connect(id, token);
            redirect.addFlashAttribute("notice", "notices.connected");
        } catch (ServerRefused e) {
            // The reason is one of Upkeep's own message keys: never the token, never the server's words.
            redirect.addFlashAttribute("problem", e.reason());
        }
        return "redirect:/operator/servers/" + id + "/notices";
    }

    /** Sends a failed notice again (after the operator fixed the token, say); another server's id changes nothing. */
    @PostMapping("/operator/servers/{id}/notices/{notice}/retry")
    String retry(@PathVariable long id, @PathVariable long notice, RedirectAttributes redirect) {
        instances.get(id);
        boolean again = store.retry(id, notice, clock.instant());
        redirect.addFlashAttribute(again ? "notice" : "problem", again ? "notices.retrying" : "notices.no-such");
        return "redirect:/operator/servers/" + id + "/notices";
    }

    @PostMapping("/operator/servers/{id}/notices/account/delete")
    String disconnect(@PathVariable long id, RedirectAttributes redirect) {
        instances.get(id);
        accounts.disconnect(id);
        redirect.addFlashAttribute("notice", "notices.disconnected");
        return "redirect:/operator/servers/" + id + "/notices";
    }
}
