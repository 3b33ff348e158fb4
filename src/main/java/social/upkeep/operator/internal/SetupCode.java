package social.upkeep.operator.internal;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A one-time code printed in the log at start while no owner exists. Only someone who can read the log
 * (the person who installed Upkeep) can finish setup, so a stranger who finds a fresh install first
 * cannot take it over.
 */
@Component
class SetupCode {

    private static final Logger log = LoggerFactory.getLogger(SetupCode.class);
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    private final String code;
    private final Owners owners;

    SetupCode(Owners owners) {
        this.owners = owners;
        var random = new SecureRandom();
        var builder = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            if (i > 0 && i % 4 == 0) {
                builder.append('-');
            }
            builder.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        this.code = builder.toString();
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        if (!owners.exists()) {
            log.warn("Upkeep has no owner yet. Open /setup and enter this setup code: {}", code);
        }
    }

    boolean matches(String typed) {
        String normalised = typed.strip().toUpperCase(java.util.Locale.ROOT);
        return MessageDigest.isEqual(code.getBytes(StandardCharsets.UTF_8), normalised.getBytes(StandardCharsets.UTF_8));
    }

    /** For tests that walk through setup the way a person reading the log would. */
    String value() {
        return code;
    }
}
