package social.upkeep.tier.internal;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import social.upkeep.shared.ServerCheck;
import social.upkeep.tier.Tier;
import social.upkeep.tier.Tiers;

/** Setup: supporters are offered something, an open tier or donation options the operator saved. */
@Component
class OfferCheck implements ServerCheck {

    private final Tiers tiers;
    private final JdbcClient jdbc;

    OfferCheck(Tiers tiers, JdbcClient jdbc) {
        this.tiers = tiers;
        this.jdbc = jdbc;
    }

    @Override
    public List<Item> check(long serverId) {
        boolean offered = tiers.all(serverId).stream().anyMatch(Tier::open)
                || jdbc.sql("SELECT count(*) FROM donation_options WHERE instance_id = ?").param(serverId)
                        .query(Integer.class).single() > 0;
        return List.of(Item.setup(40, "checklist.offer", offered, "/operator/servers/" + serverId + "/tiers"));
    }
}
