package social.upkeep.operator.internal;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
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
    private final JdbcClient jdbc;

    SetupCode(Owners owners, JdbcClient jdbc) {
        this.owners = owners;
        this.jdbc = jdbc;
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

    /** Each node prints its own code and keeps its hash in the database, so the code works on every node. */
    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        if (!owners.exists()) {
            jdbc.sql("INSERT INTO setup_code (code_hash, created_at) VALUES (?, now()) ON CONFLICT DO NOTHING")
                    .param(hash(code)).update();
            log.warn("Upkeep has no owner yet. Open /setup and enter this setup code: {}", code);
        }
    }

    /** This node's code, or one another node printed (its hash is kept). */
    boolean matches(String typed) {
        String normalised = typed.strip().toUpperCase(java.util.Locale.ROOT);
        return MessageDigest.isEqual(code.getBytes(StandardCharsets.UTF_8), normalised.getBytes(StandardCharsets.UTF_8))
                || jdbc.sql("SELECT EXISTS (SELECT 1 FROM setup_code WHERE code_hash = ?)").param(hash(normalised))
                        .query(Boolean.class).single();
    }

    /** Setup is done: no code opens it again (the owner's existence already closes it). */
    void spent() {
        jdbc.sql("DELETE FROM setup_code").update();
    }

    private static String hash(String code) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For tests that walk through setup the way a person reading the log would. */
    String value() {
        return code;
    }
}
