package social.upkeep.membership;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import social.upkeep.shared.Money;

/**
 * A supporter's recurring support of one server: a tier, a recurring donation (no tier), or a complimentary
 * membership (no Stripe subscription).
 */
public record Membership(long id, long instanceId, long supporterId, @Nullable Long tierId,
        @Nullable String frequency, @Nullable Money amount, MembershipState state, @Nullable Instant paidThrough,
        @Nullable Instant complimentaryUntil, @Nullable String subscriptionId, @Nullable String customerId,
        @Nullable String stripeStatus, @Nullable String note, Instant createdAt) {

    public MembershipTerms terms() {
        return new MembershipTerms(state, paidThrough, complimentaryUntil);
    }

    public boolean complimentary() {
        return subscriptionId == null;
    }
}
