package social.upkeep.rolesync.internal;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One row of the audit trail: a planned change (or a kept account) and what became of it. */
record RoleChange(long id, long instanceId, String username, String action, String role, @Nullable String holds,
        Status status, @Nullable Long membershipId, String cause, @Nullable String appliedBy, int attempts,
        @Nullable Instant nextAttemptAt, @Nullable String answer, Instant createdAt, Instant updatedAt) {

    enum Status {
        /** Waiting for the writer (now, or at {@code nextAttemptAt}). */
        PENDING,
        /** Waiting for the operator to make it by hand. */
        MANUAL,
        /** The operator says it is done; the next read confirms it. */
        MARKED_DONE,
        /** Held by the safety valve until an operator confirms. */
        HELD,
        APPLIED,
        /** Kept failing; shown with the server's answer until an operator retries. */
        FAILED,
        /** No longer needed. */
        SKIPPED,
        /** An account holding a role Upkeep does not manage, left as it is. */
        KEPT,
        /** A kept account that no longer needs keeping. */
        RESOLVED;

        boolean open() {
            return this == PENDING || this == MANUAL || this == MARKED_DONE || this == HELD || this == FAILED
                    || this == KEPT;
        }
    }

    /** The same row with another answer (the page hides a command's output from those not meant to read it). */
    RoleChange withAnswer(@Nullable String answer) {
        return new RoleChange(id, instanceId, username, action, role, holds, status, membershipId, cause, appliedBy,
                attempts, nextAttemptAt, answer, createdAt, updatedAt);
    }

    boolean matches(String username, String action, String role) {
        return this.username.equals(username) && this.action.equals(action) && this.role.equals(role);
    }
}
