package social.upkeep.rolesync.internal;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What one local account holds on its server, as last read. {@code role} is null for the default role (or no
 * managed role or tag); {@code userId} is the server's id for the account, {@code expiresAt} a Misskey
 * assignment's expiry.
 */
record Holding(String username, @Nullable String role, @Nullable String userId, @Nullable Instant expiresAt) {
}
