package social.upkeep.supporter;

import org.jspecify.annotations.Nullable;

/**
 * Someone who gives. {@code homeHost}: the server their fediverse account lives on; accounts local to a
 * connected server are the ones that can receive roles there.
 */
public record Supporter(long id, @Nullable String actorUri, @Nullable String handle, @Nullable String homeHost,
        @Nullable String email) {

    /** How pages name them: their handle, else their email address. */
    public String displayName() {
        return handle != null ? handle : String.valueOf(email);
    }
}
