package social.upkeep.rolesync.internal;

import java.util.Optional;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import social.upkeep.instance.Instances;
import social.upkeep.membership.MembershipEvents;
import social.upkeep.rolesync.DesiredRoles;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;

/**
 * After each membership change commits, the member's account is brought in line at once. Events come through
 * the publication registry: one whose run did not complete (a crash, say) is handed over again on restart,
 * and the hourly run repairs anything else.
 */
@Component
class MembershipListener {

    private final RoleSyncRuns runs;
    private final Supporters supporters;
    private final Instances instances;

    MembershipListener(RoleSyncRuns runs, Supporters supporters, Instances instances) {
        this.runs = runs;
        this.supporters = supporters;
        this.instances = instances;
    }

    @ApplicationModuleListener
    void on(MembershipEvents.MembershipActivated event) {
        sync(event.instanceId(), event.supporterId(), event.membershipId(), "membership activated");
    }

    @ApplicationModuleListener
    void on(MembershipEvents.MembershipRenewed event) {
        sync(event.instanceId(), event.supporterId(), event.membershipId(), "membership renewed");
    }

    @ApplicationModuleListener
    void on(MembershipEvents.MembershipPastDue event) {
        sync(event.instanceId(), event.supporterId(), event.membershipId(), "payment failed");
    }

    @ApplicationModuleListener
    void on(MembershipEvents.MembershipLapsed event) {
        sync(event.instanceId(), event.supporterId(), event.membershipId(), "membership lapsed");
    }

    @ApplicationModuleListener
    void on(MembershipEvents.MembershipEnded event) {
        sync(event.instanceId(), event.supporterId(), event.membershipId(),
                "membership ended (" + event.state().name().toLowerCase(java.util.Locale.ROOT) + ")");
    }

    private void sync(long instanceId, long supporterId, long membershipId, String cause) {
        localUsername(instanceId, supporterId)
                .ifPresent(username -> runs.member(instanceId, username, membershipId, cause));
    }

    private Optional<String> localUsername(long instanceId, long supporterId) {
        String host = instances.get(instanceId).host();
        return supporters.get(supporterId).filter(supporter -> supporter.handle() != null
                        && host.equals(supporter.homeHost()))
                .map(Supporter::handle).map(DesiredRoles::localName);
    }
}
