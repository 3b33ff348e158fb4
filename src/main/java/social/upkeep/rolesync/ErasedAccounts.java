package social.upkeep.rolesync;

import org.springframework.stereotype.Service;
import social.upkeep.rolesync.internal.RoleSyncRuns;

/** Role sync's part in erasing a supporter: their account on the server loses what Upkeep gave it. */
@Service
public class ErasedAccounts {

    private final RoleSyncRuns runs;

    ErasedAccounts(RoleSyncRuns runs) {
        this.runs = runs;
    }

    /**
     * Brings {@code username}'s roles on the server in line now that their memberships have ended (taking away
     * the role Upkeep gave them), then leaves only {@code pseudonym} in the settled audit rows. Call after the
     * erasure has committed.
     */
    public void removeRoles(long instanceId, String username, String pseudonym) {
        runs.erased(instanceId, username, pseudonym);
    }
}
