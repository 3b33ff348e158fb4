package social.upkeep.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import social.upkeep.membership.Entitlement.Reason;

/** Entitlement, for every state, around every boundary, under every grace policy. */
class EntitlementTest {

    static final Instant PAID_THROUGH = Instant.parse("2026-12-01T00:00:00Z");
    static final GracePolicy FOURTEEN_DAYS = GracePolicy.DEFAULT;
    static final GracePolicy KEEPS_PAID_PERIOD = new GracePolicy(Duration.ofDays(14), false, false);

    /** Moments relative to the end of the paid period: days (may be fractional via seconds). */
    static Instant at(String when) {
        return switch (when) {
            case "before" -> PAID_THROUGH.minusSeconds(1);
            case "end" -> PAID_THROUGH;
            case "grace" -> PAID_THROUGH.plus(Duration.ofDays(14)).minusSeconds(1);
            case "graceEnd" -> PAID_THROUGH.plus(Duration.ofDays(14));
            case "later" -> PAID_THROUGH.plus(Duration.ofDays(400));
            default -> throw new IllegalArgumentException(when);
        };
    }

    @ParameterizedTest(name = "{0} at {1}: entitled={2} ({3})")
    @CsvSource({
            "PENDING, before, false, NOT_PAID",
            "ACTIVE, before, true, PAID",
            "ACTIVE, end, true, IN_GRACE",
            "ACTIVE, grace, true, IN_GRACE",
            "ACTIVE, graceEnd, false, LAPSED",
            "PAST_DUE, before, true, IN_GRACE",
            "PAST_DUE, grace, true, IN_GRACE",
            "PAST_DUE, graceEnd, false, LAPSED",
            "CANCELLED, before, true, PAID_UNTIL_CANCELLATION",
            "CANCELLED, end, false, ENDED",
            "LAPSED, before, false, LAPSED",
            "ENDED, before, false, ENDED",
            "REFUNDED, before, false, REFUNDED",
            "DISPUTED, before, false, DISPUTED"})
    void underTheDefaultPolicy(MembershipState state, String when, boolean entitled, Reason reason) {
        Entitlement entitlement = Entitlement.of(new MembershipTerms(state, PAID_THROUGH, null), FOURTEEN_DAYS, at(when));
        assertThat(entitlement.entitled()).isEqualTo(entitled);
        assertThat(entitlement.reason()).isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0} at {1}: entitled={2}")
    @CsvSource({
            "REFUNDED, before, true", "REFUNDED, end, false",
            "DISPUTED, before, true", "DISPUTED, end, false"})
    void refundsAndDisputesMayKeepThePeriodAlreadyPaidFor(MembershipState state, String when, boolean entitled) {
        assertThat(Entitlement.of(new MembershipTerms(state, PAID_THROUGH, null), KEEPS_PAID_PERIOD, at(when))
                .entitled()).isEqualTo(entitled);
    }

    @Test
    void aComplimentaryMembershipLastsUntilItsEndOrForever() {
        Instant end = Instant.parse("2027-03-01T00:00:00Z");
        var limited = new MembershipTerms(MembershipState.COMPLIMENTARY, null, end);
        assertThat(Entitlement.of(limited, FOURTEEN_DAYS, end.minusSeconds(1)))
                .isEqualTo(new Entitlement(true, end, Reason.COMPLIMENTARY));
        assertThat(Entitlement.of(limited, FOURTEEN_DAYS, end).entitled()).isFalse();
        var forever = new MembershipTerms(MembershipState.COMPLIMENTARY, null, null);
        assertThat(Entitlement.of(forever, FOURTEEN_DAYS, Instant.parse("2099-01-01T00:00:00Z")))
                .isEqualTo(new Entitlement(true, null, Reason.COMPLIMENTARY));
    }

    @Test
    void graceIsTheOperatorsChoiceWithinSaneBounds() {
        var none = new GracePolicy(Duration.ZERO, true, true);
        assertThat(Entitlement.of(new MembershipTerms(MembershipState.PAST_DUE, PAID_THROUGH, null), none,
                PAID_THROUGH).entitled()).isFalse();
        assertThatThrownBy(() -> new GracePolicy(Duration.ofDays(-1), true, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GracePolicy(Duration.ofDays(91), true, true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutAPaidPeriodNothingButAComplimentaryMembershipEntitles() {
        for (MembershipState state : MembershipState.values()) {
            var terms = new MembershipTerms(state, null, null);
            assertThat(Entitlement.of(terms, KEEPS_PAID_PERIOD, PAID_THROUGH).entitled()).as(state.name())
                    .isEqualTo(state == MembershipState.COMPLIMENTARY);
        }
    }

    /**
     * Ten thousand random memberships, policies and moments: entitlement never outlasts the paid period plus grace
     * (complimentary aside), says until when it lasts, and once gone for a given membership it stays gone.
     */
    @Test
    void randomMembershipsKeepTheRules() {
        Random random = new Random(20261127);
        MembershipState[] states = MembershipState.values();
        for (int i = 0; i < 10_000; i++) {
            MembershipState state = states[random.nextInt(states.length)];
            Instant paid = random.nextInt(10) == 0 ? null : PAID_THROUGH.plusSeconds(random.nextInt(86_400 * 60));
            Instant compUntil = random.nextBoolean() ? null : PAID_THROUGH.plusSeconds(random.nextInt(86_400 * 90));
            var policy = new GracePolicy(Duration.ofHours(random.nextInt(24 * 90)), random.nextBoolean(),
                    random.nextBoolean());
            var terms = new MembershipTerms(state, paid, compUntil);
            Instant now = PAID_THROUGH.plusSeconds(random.nextInt(86_400 * 200) - 86_400 * 30L);
            Entitlement entitlement = Entitlement.of(terms, policy, now);

            if (entitlement.entitled() && entitlement.until() != null) {
                assertThat(entitlement.until()).as("%s", terms).isAfter(now);
                assertThat(Entitlement.of(terms, policy, entitlement.until()).entitled()).as("%s", terms).isFalse();
            }
            if (entitlement.entitled() && state != MembershipState.COMPLIMENTARY) {
                assertThat(paid).isNotNull();
                assertThat(now).as("%s", terms).isBefore(paid.plus(policy.grace()));
            }
            if (!entitlement.entitled()) {
                Instant later = now.plusSeconds(random.nextInt(86_400 * 365));
                assertThat(Entitlement.of(terms, policy, later).entitled()).as("%s later", terms).isFalse();
            }
        }
    }
}
