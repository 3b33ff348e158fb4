package social.upkeep.tier;

import java.util.List;
import social.upkeep.shared.Money;

/** How supporters may give outside tiers: presets, a custom amount within bounds, and how often. */
public record DonationOptions(List<Money> presets, Money minimum, Money maximum, boolean oneTime, boolean monthly,
        boolean yearly) {

    public boolean accepts(Money amount) {
        return amount.currency().equals(minimum.currency()) && amount.compareTo(minimum) >= 0
                && amount.compareTo(maximum) <= 0;
    }
}
