package social.upkeep.notification.internal;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The SMTP server mail goes out through; without a host, mail stays in the outbox. */
@ConfigurationProperties("upkeep.smtp")
public record SmtpSettings(
        @Nullable String host, int port, @Nullable String username, @Nullable String password,
        boolean starttls, String from) {

    public boolean configured() {
        return host != null && !host.isBlank();
    }
}
