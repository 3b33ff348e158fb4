package social.upkeep.rolesync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.membership.Memberships;
import social.upkeep.membership.SubscriptionFacts;
import social.upkeep.membership.ChargeTrouble;
import social.upkeep.shared.Money;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;
import social.upkeep.support.MutableClock;
import social.upkeep.support.Servers;
import social.upkeep.support.UpkeepTest;
import social.upkeep.tier.Tier;
import social.upkeep.tier.TierDetails;
import social.upkeep.tier.Tiers;

/** Who should hold which role: entitled members of a tier with a role, whose account lives on the server. */
@UpkeepTest
class DesiredRolesTest {

    @Autowired
    Instances instances;

    @Autowired
    Tiers tiers;

    @Autowired
    Supporters supporters;

    @Autowired
    Memberships memberships;

    @Autowired
    DesiredRoles desired;

    @Autowired
    MutableClock clock;

    Instance server;
    Tier supporterTier;
    Tier noRole;

    @BeforeEach
    void setUp() {
        clock.set(UpkeepTest.START);
        server = Servers.create(instances, "example.social", "EUR");
        supporterTier = tiers.create(server.id(), server.currency(), new TierDetails("Supporter", "", List.of(),
                Money.of(500, "EUR"), null, null, "Supporter", true));
        noRole = tiers.create(server.id(), server.currency(), new TierDetails("Thanks", "", List.of(),
                Money.of(300, "EUR"), null, null, null, true));
    }

    private Supporter supporter(String name, String host) {
        return supporters.signedInWithFediverse(host, "@" + name + "@" + host,
                "https://" + host + "/users/" + name, "@" + name + "@" + host);
    }

    private void paid(Supporter who, Tier tier, String status, boolean cancelling, int paidDays) {
        String id = "sub_" + who.id() + "_" + tier.id();
        memberships.recordSubscription(server.id(), new SubscriptionFacts(id, "cus_" + who.id(), who.id(), tier.id(),
                "MONTH", Money.of(500, "EUR"), status, cancelling, null, clock.instant().plus(Duration.ofDays(30)),
                ChargeTrouble.NONE), "test");
        memberships.recordPaidPeriod(server.id(), id, clock.instant().plus(Duration.ofDays(paidDays)), "test");
    }

    @Test
    void entitledLocalMembersOfATierWithARoleShouldHoldIt() {
        paid(supporter("Active", "example.social"), supporterTier, "active", false, 30);
        paid(supporter("cancelling", "example.social"), supporterTier, "active", true, 10);
        paid(supporter("late", "example.social"), supporterTier, "past_due", false, -3);
        paid(supporter("lapsed", "example.social"), supporterTier, "past_due", false, -20);
        paid(supporter("remote", "elsewhere.social"), supporterTier, "active", false, 30);
        paid(supporter("thanked", "example.social"), noRole, "active", false, 30);
        memberships.grantComplimentary(server.id(), supporter("gift", "example.social").id(), supporterTier.id(), null,
                "", "owner");

        assertThat(DesiredRoles.roles(desired.of(server.id()))).isEqualTo(Map.of("active", "Supporter", "cancelling", "Supporter",
                "late", "Supporter", "gift", "Supporter"));

        clock.advance(Duration.ofDays(12));
        memberships.reviewClock();
        assertThat(desired.of(server.id())).doesNotContainKeys("cancelling", "late", "lapsed");
    }
}
