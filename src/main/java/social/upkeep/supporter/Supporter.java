package social.upkeep.supporter;

import org.jspecify.annotations.Nullable;

/**
 * Someone who gives. {@code homeHost}: the server their fediverse account lives on; accounts local to a
 * connected server are the ones that can receive roles there.
 */
public record Supporter(long id, @Nullable String actorUri, @Nullable String handle, @Nullable String homeHost,
        @Nullable String email) {

    /** The link to their profile, only when it is an https URL: the actor URI is what a remote server said. */
    public @Nullable String profileUrl() {
        if (actorUri == null || !actorUri.startsWith("https://")) {
            return null;
        }
        try {
            return java.net.URI.create(actorUri).getHost() != null ? actorUri : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** How pages name them: their handle, else their email address, else (erased) the pseudonym. */
    public String displayName() {
        return handle != null ? handle : email != null ? email : "former supporter " + id;
    }

    /** Their data was erased: nothing is left that names them. */
    public boolean erased() {
        return handle == null && email == null;
    }
}
