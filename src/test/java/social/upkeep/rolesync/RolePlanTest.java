package social.upkeep.rolesync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import social.upkeep.rolesync.RolePlan.Action;
import social.upkeep.rolesync.RolePlan.Change;
import social.upkeep.rolesync.RolePlan.Kept;
import social.upkeep.rolesync.RolePlan.ManagedRole;

/** The plan: only what differs, never a staff account, only Upkeep's own grants, and a valve for mass removal. */
class RolePlanTest {

    static final List<ManagedRole> SUPPORTER = List.of(new ManagedRole("Supporter", false),
            new ManagedRole("Patron", false));

    @Test
    void grantsWhatIsMissingAndLeavesWhatIsRight() {
        var plan = RolePlan.of(Map.of("ada", "Supporter", "bob", "Supporter"), Map.of("bob", "Supporter"), SUPPORTER,
                Set.of("bob"), 0.2, Set.of());
        assertThat(plan.changes()).containsExactly(new Change(Action.GRANT, "ada", "Supporter"));
        assertThat(plan.kept()).isEmpty();
        assertThat(plan.held()).isEmpty();
    }

    @Test
    void aModeratorWhoPaysKeepsTheModeratorRoleAndTheCaseIsShown() {
        var plan = RolePlan.of(Map.of("mod", "Supporter"), Map.of("mod", "Moderator"), SUPPORTER, Set.of(), 0.2,
                Set.of());
        assertThat(plan.changes()).isEmpty();
        assertThat(plan.kept()).containsExactly(new Kept("mod", "Supporter", "Moderator"));
    }

    @Test
    void anUpgradeMovesTheAccountToTheNewRoleWithoutARemoval() {
        var plan = RolePlan.of(Map.of("ada", "Patron"), Map.of("ada", "Supporter"), SUPPORTER, Set.of("ada"), 0.2,
                Set.of());
        assertThat(plan.changes()).containsExactly(new Change(Action.GRANT, "ada", "Patron"));
    }

    @Test
    void removesOnlyWhatUpkeepGrantedUnlessTheRoleIsEntirelyManaged() {
        Map<String, String> actual = Map.of("ada", "Supporter", "handmade", "Supporter", "b1", "Supporter",
                "b2", "Supporter", "b3", "Supporter", "b4", "Supporter", "b5", "Supporter", "b6", "Supporter",
                "b7", "Supporter", "b8", "Supporter");
        Map<String, String> desired = actual.keySet().stream().filter(u -> !u.equals("ada") && !u.equals("handmade"))
                .collect(Collectors.toMap(u -> u, u -> "Supporter"));
        var plan = RolePlan.of(desired, actual, SUPPORTER, Set.of("ada"), 0.2, Set.of());
        assertThat(plan.changes()).containsExactly(new Change(Action.REMOVE, "ada", "Supporter"));

        var entirely = RolePlan.of(desired, actual, List.of(new ManagedRole("Supporter", true)), Set.of("ada"), 0.2,
                Set.of());
        assertThat(entirely.changes()).containsExactlyInAnyOrder(new Change(Action.REMOVE, "ada", "Supporter"),
                new Change(Action.REMOVE, "handmade", "Supporter"));
    }

    @Test
    void removingMoreThanTheSafetyShareWaitsForConfirmation() {
        Map<String, String> actual = IntStream.range(0, 10).boxed()
                .collect(Collectors.toMap(i -> "m" + i, i -> "Supporter"));
        Set<String> granted = actual.keySet();
        Map<String, String> keepEight = actual.keySet().stream().filter(u -> !u.equals("m0") && !u.equals("m1"))
                .collect(Collectors.toMap(u -> u, u -> "Supporter"));
        var twoOfTen = RolePlan.of(keepEight, actual, SUPPORTER, granted, 0.2, Set.of());
        assertThat(twoOfTen.changes()).hasSize(2);
        assertThat(twoOfTen.held()).isEmpty();

        var all = RolePlan.of(Map.of(), actual, SUPPORTER, granted, 0.2, Set.of());
        assertThat(all.changes()).isEmpty();
        assertThat(all.held()).hasSize(10);

        var confirmed = RolePlan.of(Map.of(), actual, SUPPORTER, granted, 0.2, Set.copyOf(all.held()));
        assertThat(confirmed.changes()).hasSize(10);
        assertThat(confirmed.held()).isEmpty();
    }

    @Test
    void nothingToDoWhenDesiredAndActualAgree() {
        var plan = RolePlan.of(Map.of("ada", "Supporter"), Map.of("ada", "Supporter", "mod", "Moderator"), SUPPORTER,
                Set.of("ada"), 0.2, Set.of());
        assertThat(plan.changes()).isEmpty();
        assertThat(plan.kept()).isEmpty();
        assertThat(plan.held()).isEmpty();
    }
}
