package social.upkeep.tier;

import java.util.List;
import org.jspecify.annotations.Nullable;
import social.upkeep.shared.Money;

/** What an operator enters for a tier, checked by the form before it gets here. */
public record TierDetails(String name, String description, List<String> perks, @Nullable Money monthly,
        @Nullable Money yearly, @Nullable Integer capacity, @Nullable String serverRole, boolean visible) {
}
