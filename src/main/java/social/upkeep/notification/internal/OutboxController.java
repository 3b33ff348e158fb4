package social.upkeep.notification.internal;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The owner reads what Upkeep sent, or would have sent had an SMTP server been configured. */
@Controller
class OutboxController {

    private final OutboxStore store;
    private final SmtpSettings smtp;

    OutboxController(OutboxStore store, SmtpSettings smtp) {
        this.store = store;
        this.smtp = smtp;
    }

    @GetMapping("/operator/outbox")
    String outbox(Model model) {
        model.addAttribute("mails", store.newest(200));
        model.addAttribute("smtpConfigured", smtp.configured());
        return "operator/outbox";
    }
}
