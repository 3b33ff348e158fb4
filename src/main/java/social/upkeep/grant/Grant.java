package social.upkeep.grant;

import java.time.LocalDate;
import java.util.List;
import social.upkeep.shared.Money;

/**
 * A grant with what was received (in the reporting currency) and spent from it. Remaining is received less
 * spent: restricted money the server may use only for the grant's purpose.
 */
public record Grant(long id, long instanceId, String funder, String purpose, Money amount, GrantStatus status,
        LocalDate startsOn, LocalDate endsOn, boolean restricted, boolean isPublic, Money received, Money spent,
        List<Tranche> tranches, List<Deadline> deadlines) {

    public Money remaining() {
        return received.minus(spent);
    }

    /** A payment expected from the funder; received ones carry what they were booked at. */
    public record Tranche(long id, LocalDate expectedOn, Money amount, java.time.@org.jspecify.annotations.Nullable LocalDate receivedOn,
            @org.jspecify.annotations.Nullable Money booked) {
    }

    /** Something due to the funder, such as a report. */
    public record Deadline(long id, LocalDate dueOn, String what, java.time.@org.jspecify.annotations.Nullable LocalDate doneOn) {
    }
}
