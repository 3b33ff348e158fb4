package social.upkeep.rolesync;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.membership.Membership;
import social.upkeep.membership.MembershipState;
import social.upkeep.membership.Memberships;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;
import social.upkeep.tier.Tier;
import social.upkeep.tier.Tiers;

/**
 * The roles accounts on a server should hold: for every membership that entitles now (active, cancelled but
 * paid up, past due within grace, complimentary) to a tier that names a role, held by a supporter whose
 * fediverse account lives on that server, that role. A supporter with two such memberships gets the role of
 * the one that entitles longest.
 */
@Service
public class DesiredRoles {

    private final Memberships memberships;
    private final Tiers tiers;
    private final Supporters supporters;
    private final Instances instances;

    DesiredRoles(Memberships memberships, Tiers tiers, Supporters supporters, Instances instances) {
        this.memberships = memberships;
        this.tiers = tiers;
        this.supporters = supporters;
        this.instances = instances;
    }

    /** The role an account should hold, until when (null: no end in sight) and the membership entitling it. */
    public record Wanted(String role, @Nullable Instant until, long membershipId) {
    }

    /** Username (local, without the host) to what it should hold. */
    public Map<String, Wanted> of(long instanceId) {
        Instance server = instances.get(instanceId);
        Map<String, Wanted> roles = new HashMap<>();
        Map<Long, Tier> tiersById = new HashMap<>();
        tiers.all(instanceId).forEach(tier -> tiersById.put(tier.id(), tier));
        for (MembershipState state : new MembershipState[] {MembershipState.ACTIVE, MembershipState.PAST_DUE,
                MembershipState.CANCELLED, MembershipState.COMPLIMENTARY}) {
            for (Membership membership : memberships.all(instanceId, state, null)) {
                var entitlement = memberships.entitlement(membership);
                if (!entitlement.entitled() || membership.tierId() == null) {
                    continue;
                }
                Tier tier = tiersById.get(membership.tierId());
                Supporter supporter = supporters.get(membership.supporterId()).orElse(null);
                if (tier == null || tier.serverRole() == null || supporter == null || supporter.handle() == null
                        || !server.host().equals(supporter.homeHost())) {
                    continue;
                }
                String username = localName(supporter.handle());
                Wanted wanted = new Wanted(tier.serverRole(), entitlement.until(), membership.id());
                Wanted before = roles.get(username);
                if (before == null || end(wanted).isAfter(end(before))) {
                    roles.put(username, wanted);
                }
            }
        }
        return roles;
    }

    private static Instant end(Wanted wanted) {
        return wanted.until() == null ? Instant.MAX : wanted.until();
    }

    /** Just the roles, by username. */
    public static Map<String, String> roles(Map<String, Wanted> wanted) {
        Map<String, String> roles = new HashMap<>();
        wanted.forEach((username, it) -> roles.put(username, it.role()));
        return roles;
    }

    /** {@code @alice@example.social} → {@code alice}. */
    public static String localName(String handle) {
        String name = handle.startsWith("@") ? handle.substring(1) : handle;
        int at = name.indexOf('@');
        return (at < 0 ? name : name.substring(0, at)).toLowerCase(Locale.ROOT);
    }
}
