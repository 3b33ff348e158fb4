package social.upkeep.grant;

import java.time.LocalDate;
import social.upkeep.shared.Money;

/** What an operator enters about a grant, already checked by the form. */
public record GrantDetails(String funder, String purpose, Money amount, GrantStatus status, LocalDate startsOn,
        LocalDate endsOn, boolean restricted, boolean isPublic) {
}
