package social.upkeep.ledger.internal;

import java.time.Clock;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.stereotype.Component;
import social.upkeep.instance.Instances;
import social.upkeep.ledger.MonthClosing;
import social.upkeep.shared.ServerCheck;

/** To do: the months that are over and not yet closed, all of them with one confirmation. */
@Component
class ClosingCheck implements ServerCheck {

    private final MonthClosing closing;
    private final Instances instances;
    private final Clock clock;

    ClosingCheck(MonthClosing closing, Instances instances, Clock clock) {
        this.closing = closing;
        this.instances = instances;
        this.clock = clock;
    }

    @Override
    public List<Item> check(long serverId) {
        YearMonth last = instances.get(serverId).currentMonth(clock).minusMonths(1);
        return closing.nextToClose(serverId).map(first -> List.of(first.equals(last)
                ? Item.toDo(10, "todo.close", List.of(first), "/operator/servers/" + serverId + "/close?month=" + first)
                : Item.toDo(10, "todo.close-several", List.of(first.until(last, ChronoUnit.MONTHS) + 1, first, last),
                        "/operator/servers/" + serverId + "/close?month=" + last))).orElse(List.of());
    }
}
