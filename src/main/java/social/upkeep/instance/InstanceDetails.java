package social.upkeep.instance;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Currency;
import org.jspecify.annotations.Nullable;
import social.upkeep.shared.Money;

/** What an operator enters about a server; checked by the form before it gets here. */
public record InstanceDetails(String host, String displayName, Currency currency, ZoneId timeZone, LocalDate foundedOn,
        @Nullable Money monthlyGoal, @Nullable Integer activeUsers) {
}
