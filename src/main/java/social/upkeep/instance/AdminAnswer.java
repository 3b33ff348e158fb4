package social.upkeep.instance;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A server's answer to an admin call, whatever its status: callers decide what a 404 or a 429 means. Carries the
 * rate-limit headers Mastodon (and Akkoma) send and the {@code Link} header used for paging.
 */
public record AdminAnswer(int status, String body, OptionalInt rateRemaining, Optional<Instant> rateReset,
        @Nullable String link) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The next page's address from a {@code Link} header ({@code <…>; rel="next"}), if there is one. */
    public Optional<String> next() {
        if (link == null) {
            return Optional.empty();
        }
        for (String part : link.split(",")) {
            String[] pieces = part.split(";");
            if (pieces.length > 1 && pieces[1].replace(" ", "").equals("rel=\"next\"")) {
                String target = pieces[0].strip();
                if (target.startsWith("<") && target.endsWith(">")) {
                    return Optional.of(target.substring(1, target.length() - 1));
                }
            }
        }
        return Optional.empty();
    }
}
