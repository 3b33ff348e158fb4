package social.upkeep.rolesync.internal;

import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import social.upkeep.rolesync.MemberRoles;
import social.upkeep.shared.ServerCheck;

/** To do: role changes waiting for the operator, and changes that failed. */
@Component
class RoleChangesCheck implements ServerCheck {

    private final MemberRoles roles;

    RoleChangesCheck(MemberRoles roles) {
        this.roles = roles;
    }

    @Override
    public List<Item> check(long serverId) {
        var status = roles.status(serverId);
        String page = "/operator/servers/" + serverId + "/roles";
        var items = new ArrayList<Item>();
        int waiting = status.waiting() - status.failed();              // the count of waiting includes failed ones
        if (waiting > 0) {
            items.add(Item.toDo(40, "todo.roles-waiting", List.of(waiting), page));
        }
        if (status.failed() > 0) {
            items.add(Item.toDo(41, "todo.roles-failed", List.of(status.failed()), page));
        }
        return items;
    }
}
