package social.upkeep.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.shared.Money;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;
import social.upkeep.support.Eventually;
import social.upkeep.support.MutableClock;
import social.upkeep.support.Servers;
import social.upkeep.support.UpkeepTest;
import social.upkeep.tier.Tier;
import social.upkeep.tier.TierDetails;
import social.upkeep.tier.Tiers;

/**
 * Stripe still shows a subscription active, but it was paid only until a date the grace period has passed (the
 * failed renewal's events never came): the clock lapses it as it lapses the others, with the mail and the cause.
 */
@UpkeepTest
class StaleActiveMembershipTest {

    @Autowired
    Memberships memberships;

    @Autowired
    Supporters supporters;

    @Autowired
    Instances instances;

    @Autowired
    Tiers tiers;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    Instance server;
    Tier tier;
    Supporter ada;

    @BeforeEach
    void setUp() {
        clock.set(UpkeepTest.START);
        server = Servers.create(instances, "example.social", "EUR");
        tier = tiers.create(server.id(), server.currency(), new TierDetails("Supporter", "", List.of(),
                Money.of(500, "EUR"), null, null, "Supporter", true));
        ada = supporters.signedInWithEmail("ada@example.org");
    }

    private Membership paysForThirtyDays() {
        var paidThrough = clock.instant().plus(Duration.ofDays(30));
        memberships.recordSubscription(server.id(), new SubscriptionFacts("sub_stale", "cus_stale", ada.id(),
                tier.id(), "MONTH", Money.of(500, "EUR"), "active", false, null, paidThrough, ChargeTrouble.NONE),
                "test");
        return memberships.recordPaidPeriod(server.id(), "sub_stale", paidThrough, "test").orElseThrow();
    }

    @Test
    void anActiveSubscriptionPaidOnlyUntilBeforeTheGraceIsOverLapsesWithItsMailAndCause() {
        Membership member = paysForThirtyDays();
        clock.advance(Duration.ofDays(30 + 13));
        assertThat(memberships.reviewClock()).as("within the grace period").isZero();
        assertThat(memberships.get(server.id(), member.id()).state()).isEqualTo(MembershipState.ACTIVE);

        clock.advance(Duration.ofDays(2));
        assertThat(memberships.reviewClock()).isOne();
        assertThat(memberships.get(server.id(), member.id()).state()).isEqualTo(MembershipState.LAPSED);
        assertThat(jdbc.sql("SELECT cause FROM membership_change WHERE membership_id = ? AND to_state = 'LAPSED'")
                .param(member.id()).query(String.class).single()).isEqualTo("clock");
        Eventually.until("the lapse mail is queued", () -> jdbc.sql(
                "SELECT count(*) FROM mail_outbox WHERE recipient = 'ada@example.org' AND cause_key LIKE '%lapsed%'")
                .query(Integer.class).single() == 1);
        assertThat(memberships.reviewClock()).as("once").isZero();
        Eventually.listenersDone(jdbc);
    }

    @Test
    void aRenewalStripeReportsLateMakesItActiveAgain() {
        Membership member = paysForThirtyDays();
        clock.advance(Duration.ofDays(45));
        memberships.reviewClock();
        memberships.recordPaidPeriod(server.id(), "sub_stale", clock.instant().plus(Duration.ofDays(20)), "test");
        assertThat(memberships.get(server.id(), member.id()).state()).isEqualTo(MembershipState.ACTIVE);
        Eventually.listenersDone(jdbc);
    }
}
