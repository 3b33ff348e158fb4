package social.upkeep.notification.internal;

import java.util.List;
import org.springframework.stereotype.Component;
import social.upkeep.shared.ServerCheck;

/** Setup: an SMTP server is configured (UPKEEP_SMTP_HOST), or no receipt, alert or sign-in link leaves. */
@Component
class MailCheck implements ServerCheck {

    private final SmtpSettings smtp;

    MailCheck(SmtpSettings smtp) {
        this.smtp = smtp;
    }

    @Override
    public List<Item> check(long serverId) {
        return List.of(Item.setup(60, "checklist.smtp", smtp.configured(), null));
    }
}
