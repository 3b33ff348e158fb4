package social.upkeep.rolesync.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * GoToSocial has no role API: nothing can be read or written. What accounts hold is what the operator marked
 * done in the manual queue.
 */
final class BelievedRoles implements ServerRoles {

    private final RoleSyncStore store;

    BelievedRoles(RoleSyncStore store) {
        this.store = store;
    }

    @Override
    public Map<String, Holding> holders(Target target) {
        Map<String, Holding> holders = new HashMap<>();
        store.grants(target.instanceId()).forEach((username, role) ->
                holders.put(username, new Holding(username, role, null, null)));
        return holders;
    }

    @Override
    public Optional<Holding> account(Target target, String username) {
        return Optional.of(new Holding(username, store.grants(target.instanceId()).get(username), null, null));
    }

    @Override
    public boolean writesThroughApi() {
        return false;
    }

    @Override
    public String manualCommand(String action, String username, String role) {
        return (action.equals("GRANT") ? "Give @" + username + " the role \"" + role + "\""
                : "Take the role \"" + role + "\" from @" + username) + " in GoToSocial's settings";
    }
}
