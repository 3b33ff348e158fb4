package social.upkeep.shared;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where a supporter was going when they were asked to sign in: only a server's support page, with at most the
 * choice it carries (tier, how often, amount). Anything else, another site included, is dropped, so a
 * sign-in link can never send anyone elsewhere.
 */
public final class ReturnPaths {

    private static final String CHOICE = "(?:tier=\\d{1,18}|frequency=(?:once|month|year)|amount=[0-9]{1,9}(?:[.,][0-9]{1,3})?)";
    private static final Pattern SUPPORT = Pattern.compile(
            "/support/([a-z0-9][a-z0-9.-]{0,252})(?:\\?" + CHOICE + "(?:&" + CHOICE + "){0,2})?");

    private ReturnPaths() {
    }

    /** The path if it is a support page Upkeep may return to; empty otherwise. */
    public static Optional<String> support(@Nullable String path) {
        return path != null && SUPPORT.matcher(path).matches() ? Optional.of(path) : Optional.empty();
    }

    /** The host of the server a safe return path supports. */
    public static Optional<String> host(@Nullable String path) {
        if (path == null) {
            return Optional.empty();
        }
        Matcher matcher = SUPPORT.matcher(path);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** {@code base} with {@code ?next=} for a safe return path, or {@code base} alone. */
    public static String withNext(String base, @Nullable String path) {
        return support(path).map(next -> base + "?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8))
                .orElse(base);
    }
}
