package social.upkeep.rolesync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a Misskey role's end is moved: only when it would otherwise run out before the membership does, soon. */
class RoleEndTest {

    private static final Instant NOW = Instant.parse("2026-12-26T12:00:00Z");

    @Test
    void aRenewalLeavesAnEndThatIsStillDaysAwayAlone() {
        assertThat(RoleSyncRuns.endDue(NOW.plus(Duration.ofDays(15)), NOW.plus(Duration.ofDays(46)), NOW)).isFalse();
    }

    @Test
    void anEndWithinThreeDaysMovesWhenTheMembershipLastsLonger() {
        assertThat(RoleSyncRuns.endDue(NOW.plus(Duration.ofDays(2)), NOW.plus(Duration.ofDays(46)), NOW)).isTrue();
        assertThat(RoleSyncRuns.endDue(NOW.plus(Duration.ofDays(2)), null, NOW)).as("open-ended").isTrue();
    }

    @Test
    void anEndAtOrAfterTheMembershipsIsNeverMoved() {
        assertThat(RoleSyncRuns.endDue(NOW.plus(Duration.ofDays(2)), NOW.plus(Duration.ofDays(2)), NOW)).isFalse();
        assertThat(RoleSyncRuns.endDue(NOW.plus(Duration.ofDays(2)), NOW.plus(Duration.ofDays(1)), NOW)).isFalse();
    }

    @Test
    void aRoleHeldWithoutAnEndGetsOneWhenTheMembershipHasOne() {
        assertThat(RoleSyncRuns.endDue(null, NOW.plus(Duration.ofDays(30)), NOW)).isTrue();
        assertThat(RoleSyncRuns.endDue(null, null, NOW)).isFalse();
    }
}
