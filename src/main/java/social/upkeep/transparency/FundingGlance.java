package social.upkeep.transparency;

import java.time.LocalDate;
import org.jspecify.annotations.Nullable;
import social.upkeep.instance.Instance;
import social.upkeep.shared.Money;

/** The public page's headline figures, for other modules that report them elsewhere (posts on the fediverse). */
public interface FundingGlance {

    /**
     * This month's goal (null: none), what covers it so far and its share, the balance, and how long the money
     * lasts: {@code runway} is FUNDED_UNTIL (until {@code fundedUntil}), SUSTAINABLE, EXHAUSTED or UNKNOWN.
     */
    record Glance(@Nullable Money goal, Money covered, @Nullable Integer coveredPercent, Money balance, String runway,
            @Nullable LocalDate fundedUntil) {
    }

    Glance of(Instance server);
}
