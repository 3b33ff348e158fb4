package social.upkeep.rolesync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What a run of role sync should change on one server: the difference between the roles members should hold
 * and those they hold, within guardrails. Pure: the same state always gives the same plan.
 *
 * <ul>
 *   <li>An account holding a role Upkeep does not manage (a moderator's, say) is never changed: on Mastodon an
 *       account holds one role, so giving it "Supporter" would strip its rights. It is kept, and shown.</li>
 *   <li>A role is only removed from an account Upkeep gave it to, unless the operator marked the role as
 *       managed entirely by Upkeep.</li>
 *   <li>When the removals of one role would exceed the safety share of its holders, they wait for an operator
 *       (a Stripe outage or a bug must not strip every supporter's badge).</li>
 * </ul>
 */
public record RolePlan(List<Change> changes, List<Kept> kept, List<Change> held) {

    public enum Action { GRANT, REMOVE }

    /** One change to make: give {@code role} to the account, or take it away. */
    public record Change(Action action, String username, String role) {
    }

    /** An account that should hold a role but holds one Upkeep does not manage, left as it is. */
    public record Kept(String username, String wanted, String holds) {
    }

    /** A role Upkeep manages, and whether the operator lets Upkeep remove it from anyone (not only its own grants). */
    public record ManagedRole(String name, boolean entirelyManaged) {
    }

    /**
     * @param desired for each account (username) that should hold a role, that role
     * @param actual for each account holding any role other than the default, that role
     * @param managed the roles Upkeep manages, by name
     * @param grantedByUpkeep accounts Upkeep gave their current role to
     * @param safetyShare the largest share of a role's holders removed without confirmation (0.2: 20 %)
     * @param confirmed removals the operator confirmed, exempt from the safety valve
     */
    public static RolePlan of(Map<String, String> desired, Map<String, String> actual, List<ManagedRole> managed,
            Set<String> grantedByUpkeep, double safetyShare, Set<Change> confirmed) {
        return of(desired, actual, managed, grantedByUpkeep, new Valve(safetyShare, Map.of(), Map.of(), confirmed));
    }

    /**
     * The safety valve's view: the share, each role's holders as last read in full, removals of each role already
     * made recently (a run for one member at a time must not slip a mass removal through one by one), and the
     * removals an operator confirmed. A single removal is never held.
     */
    public record Valve(double share, Map<String, Integer> knownHolders, Map<String, Integer> recentlyRemoved,
            Set<Change> confirmed) {
    }

    public static RolePlan of(Map<String, String> desired, Map<String, String> actual, List<ManagedRole> managed,
            Set<String> grantedByUpkeep, Valve valve) {
        Set<Change> confirmed = valve.confirmed();
        Map<String, ManagedRole> roles = new HashMap<>();
        managed.forEach(role -> roles.put(role.name(), role));
        List<Change> changes = new ArrayList<>();
        List<Kept> kept = new ArrayList<>();
        for (String username : new TreeSet<>(desired.keySet())) {
            String wanted = desired.get(username);
            @Nullable String holds = actual.get(username);
            if (wanted.equals(holds)) {
                continue;
            }
            if (holds != null && !roles.containsKey(holds)) {
                kept.add(new Kept(username, wanted, holds));
            } else {
                changes.add(new Change(Action.GRANT, username, wanted));
            }
        }
        Map<String, List<Change>> removals = new HashMap<>();
        Map<String, Integer> holders = new HashMap<>();
        for (String username : new TreeSet<>(actual.keySet())) {
            String holds = actual.get(username);
            ManagedRole role = roles.get(holds);
            if (role == null) {
                continue;
            }
            holders.merge(holds, 1, Integer::sum);
            boolean switching = desired.containsKey(username);
            if (!switching && (role.entirelyManaged() || grantedByUpkeep.contains(username))) {
                removals.computeIfAbsent(holds, r -> new ArrayList<>()).add(new Change(Action.REMOVE, username, holds));
            }
        }
        List<Change> held = new ArrayList<>();
        for (String role : new TreeSet<>(removals.keySet())) {
            List<Change> unconfirmed = removals.get(role).stream().filter(change -> !confirmed.contains(change))
                    .toList();
            int removing = unconfirmed.size() + valve.recentlyRemoved().getOrDefault(role, 0);
            int holding = Math.max(holders.get(role), valve.knownHolders().getOrDefault(role, 0));
            boolean tooMany = !unconfirmed.isEmpty() && removing > 1 && removing > valve.share() * holding;
            for (Change change : removals.get(role)) {
                (tooMany && unconfirmed.contains(change) ? held : changes).add(change);
            }
        }
        return new RolePlan(List.copyOf(changes), List.copyOf(kept), List.copyOf(held));
    }
}
