package social.upkeep.ledger.internal;

import java.util.List;
import org.springframework.stereotype.Component;
import social.upkeep.ledger.MonthClosing;
import social.upkeep.shared.ServerCheck;

/** To do: the months that are over and not yet closed, the oldest first (months close in order). */
@Component
class ClosingCheck implements ServerCheck {

    private final MonthClosing closing;

    ClosingCheck(MonthClosing closing) {
        this.closing = closing;
    }

    @Override
    public List<Item> check(long serverId) {
        return closing.nextToClose(serverId).map(month -> List.of(Item.toDo(10, "todo.close", List.of(month),
                "/operator/servers/" + serverId + "/close?month=" + month))).orElse(List.of());
    }
}
