package social.upkeep.tier;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import social.upkeep.shared.Money;

/**
 * A paid membership tier. {@code serverRole}: the role on the server that membership grants (role sync uses
 * it); {@code capacity}: how many members it takes at most; archived tiers take no new members.
 */
public record Tier(long id, long instanceId, String name, String description, List<String> perks,
        @Nullable Money monthly, @Nullable Money yearly, @Nullable Integer capacity, @Nullable String serverRole,
        boolean visible, @Nullable Instant archivedAt) {

    public boolean archived() {
        return archivedAt != null;
    }

    /** Offered on the public page: visible and not archived. */
    public boolean open() {
        return visible && !archived();
    }
}
