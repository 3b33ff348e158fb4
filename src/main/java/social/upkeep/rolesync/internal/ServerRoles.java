package social.upkeep.rolesync.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How one server software shows and changes roles. Reads go through the run's {@link RateGate}; writes
 * through the admin API return normally or throw {@link RateGate.Unavailable} / {@link RateGate.Paused}.
 */
interface ServerRoles {

    /** What a run knows about the server: its id, its managed roles and the gate its calls go through. */
    record Target(long instanceId, List<ManagedRoleRow> roles, RateGate gate) {
    }

    /**
     * The local accounts holding any managed role whose id on the server is known, at the lowest cost the API
     * allows. Holders' role counts are learned along the way.
     */
    Map<String, Holding> holders(Target target);

    /** Whether {@link #holders} reads every holder of this role (so they can be counted). */
    default boolean readsHoldersOf(ManagedRoleRow role) {
        return role.remoteId() != null;
    }

    /** One local account, by username; empty when the server has none by that name. */
    Optional<Holding> account(Target target, String username);

    /** Whether changes can be written through the admin API (else: a command or the manual queue). */
    boolean writesThroughApi();

    /** Whether a grant carries an end ({@code expiresAt}) that must be moved when a member renews. */
    default boolean grantsExpire() {
        return false;
    }

    default void grant(Target target, Holding account, String role, @Nullable Instant until) {
        throw new UnsupportedOperationException();
    }

    default void remove(Target target, Holding account, String role) {
        throw new UnsupportedOperationException();
    }

    /** The command an operator runs by hand for a change (the manual queue shows it to copy). */
    String manualCommand(String action, String username, String role);
}
