package social.upkeep.grant.internal;

import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;
import social.upkeep.grant.Grants;
import social.upkeep.instance.Instances;
import social.upkeep.shared.ServerCheck;

/** To do: grant reports due within 30 days or overdue, each linking to its grant. */
@Component
class DeadlineCheck implements ServerCheck {

    static final int DAYS_AHEAD = 30;

    private final Grants grants;
    private final Instances instances;
    private final Clock clock;

    DeadlineCheck(Grants grants, Instances instances, Clock clock) {
        this.grants = grants;
        this.instances = instances;
        this.clock = clock;
    }

    @Override
    public List<Item> check(long serverId) {
        var soon = instances.get(serverId).today(clock).plusDays(DAYS_AHEAD);
        return grants.openDeadlines().stream()
                .filter(open -> open.instanceId() == serverId && !open.deadline().dueOn().isAfter(soon))
                .map(open -> Item.toDo(30, "todo.grant-report", List.of(open.deadline().what(), open.funder(),
                        open.deadline().dueOn()), "/operator/servers/" + serverId + "/grants/" + open.grantId()))
                .toList();
    }
}
