package social.upkeep.operator.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * What the owner's password must be: long enough, short enough for BCrypt (which reads only 72 bytes),
 * and not one of the passwords attackers try first.
 */
@Component
class PasswordPolicy {

    static final int MIN_LENGTH = 12;
    static final int MAX_BYTES = 72;

    private final Set<String> common;

    PasswordPolicy() {
        try (InputStream in = PasswordPolicy.class.getResourceAsStream("/common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("common-passwords.txt is missing from the classpath");
            }
            common = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The message key of the first rule the password breaks, or empty when it is acceptable. */
    Optional<String> violation(String password, String email) {
        if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return Optional.of("password.too-short");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of("password.too-long");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        String localPart = email.contains("@") ? email.substring(0, email.indexOf('@')) : email;
        if (common.contains(lower) || isRepetition(lower) || isRun(lower)
                || lower.equals(email.trim().toLowerCase(Locale.ROOT))
                || (localPart.length() >= 4 && lower.contains(localPart.trim().toLowerCase(Locale.ROOT)))) {
            return Optional.of("password.too-common");
        }
        return Optional.empty();
    }

    /** "aaaaaaaaaaaa", "abcabcabcabc": a short unit repeated. */
    private static boolean isRepetition(String password) {
        for (int unit = 1; unit <= 4; unit++) {
            if (password.length() % unit == 0 && password.equals(password.substring(0, unit).repeat(password.length() / unit))) {
                return true;
            }
        }
        return false;
    }

    /** "123456789012", "abcdefghijkl": each character one after the last. */
    private static boolean isRun(String password) {
        for (int i = 1; i < password.length(); i++) {
            int step = password.charAt(i) - password.charAt(i - 1);
            if (step != 1 && !(password.charAt(i - 1) == '9' && password.charAt(i) == '0')) {
                return false;
            }
        }
        return true;
    }
}
