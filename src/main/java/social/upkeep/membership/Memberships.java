package social.upkeep.membership;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import social.upkeep.membership.MembershipEvents.MembershipActivated;
import social.upkeep.membership.MembershipEvents.MembershipEnded;
import social.upkeep.membership.MembershipEvents.MembershipLapsed;
import social.upkeep.membership.MembershipEvents.MembershipPastDue;
import social.upkeep.membership.MembershipEvents.MembershipRenewed;
import social.upkeep.shared.Money;
import social.upkeep.shared.NotFound;
import social.upkeep.shared.PublicDataChanged;

/**
 * Keeps memberships in step with what Stripe shows and with the clock, records every change on the member's
 * timeline and publishes the lifecycle events. The row lock taken by each change serialises two workers applying
 * events of the same membership.
 */
@Service
public class Memberships {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Memberships(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    /** Records what Stripe shows about a subscription, creating its membership the first time. */
    @Transactional
    public Membership recordSubscription(long instanceId, SubscriptionFacts facts, String cause) {
        long id = jdbc.sql("""
                        INSERT INTO membership (instance_id, supporter_id, tier_id, frequency, amount_minor, currency,
                            state, stripe_subscription_id, stripe_customer_id, stripe_status, cancel_at_period_end,
                            cancellation_reason, current_period_end, charge_trouble, created_at, updated_at)
                        VALUES (:instance, :supporter, :tier, :frequency, :amount, :currency, 'PENDING', :subscription,
                            :customer, :status, :cancelAtPeriodEnd, :reason, :periodEnd, :trouble, :now, :now)
                        ON CONFLICT (instance_id, stripe_subscription_id) DO UPDATE SET tier_id = excluded.tier_id,
                            frequency = excluded.frequency, amount_minor = excluded.amount_minor,
                            currency = excluded.currency, stripe_status = excluded.stripe_status,
                            cancel_at_period_end = excluded.cancel_at_period_end,
                            cancellation_reason = excluded.cancellation_reason,
                            current_period_end = excluded.current_period_end, charge_trouble = excluded.charge_trouble,
                            updated_at = excluded.updated_at
                        RETURNING id""")
                .param("instance", instanceId)
                .param("supporter", facts.supporterId())
                .param("tier", facts.tierId())
                .param("frequency", facts.frequency())
                .param("amount", facts.amount().minor())
                .param("currency", facts.amount().currency().getCurrencyCode())
                .param("subscription", facts.subscriptionId())
                .param("customer", facts.customerId())
                .param("status", facts.stripeStatus())
                .param("cancelAtPeriodEnd", facts.cancelAtPeriodEnd())
                .param("reason", facts.cancellationReason())
                .param("periodEnd", utc(facts.currentPeriodEnd()))
                .param("trouble", facts.trouble().name())
                .param("now", utc(clock.instant()))
                .query(Long.class).single();
        return review(id, cause);
    }

    /**
     * Records that a period of the subscription was paid for, through {@code periodEnd}. Periods only ever
     * extend what is paid for, so an old invoice applied late changes nothing.
     */
    @Transactional
    public Optional<Membership> recordPaidPeriod(long instanceId, String subscriptionId, Instant periodEnd,
            String cause) {
        jdbc.sql("""
                        UPDATE membership SET paid_through = ?, updated_at = ?
                        WHERE instance_id = ? AND stripe_subscription_id = ? AND (paid_through IS NULL OR paid_through < ?)
                        RETURNING id""")
                .params(utc(periodEnd), utc(clock.instant()), instanceId, subscriptionId, utc(periodEnd))
                .query(Long.class).optional()
                .ifPresent(id -> review(id, cause));
        return bySubscription(instanceId, subscriptionId);
    }

    /** Records what became of the latest charge of the memberships paid by this Stripe customer. */
    @Transactional
    public void recordChargeTrouble(long instanceId, String customerId, ChargeTrouble trouble, String cause) {
        jdbc.sql("""
                        UPDATE membership SET charge_trouble = ?, updated_at = ?
                        WHERE instance_id = ? AND stripe_customer_id = ? AND charge_trouble <> ? RETURNING id""")
                .params(trouble.name(), utc(clock.instant()), instanceId, customerId, trouble.name())
                .query(Long.class).list()
                .forEach(id -> review(id, cause));
    }

    /** An operator grants a membership without payment, open-ended or until a date. */
    @Transactional
    public Membership grantComplimentary(long instanceId, long supporterId, @Nullable Long tierId,
            @Nullable Instant until, String note, String grantedBy) {
        long id = jdbc.sql("""
                        INSERT INTO membership (instance_id, supporter_id, tier_id, state, complimentary_until, note,
                            created_at, updated_at)
                        VALUES (?, ?, ?, 'PENDING', ?, ?, ?, ?) RETURNING id""")
                .params(instanceId, supporterId, tierId, utc(until), note, utc(clock.instant()), utc(clock.instant()))
                .query(Long.class).single();
        return review(id, "granted by " + grantedBy);
    }

    /** An operator ends a complimentary membership now. */
    @Transactional
    public Membership endComplimentary(long instanceId, long membershipId, String endedBy) {
        Membership membership = get(instanceId, membershipId);
        if (!membership.complimentary()) {
            throw new IllegalArgumentException("Only complimentary memberships are ended here; paid ones in Stripe");
        }
        jdbc.sql("UPDATE membership SET complimentary_until = ?, updated_at = ? WHERE id = ?")
                .params(utc(clock.instant()), utc(clock.instant()), membershipId).update();
        return review(membershipId, "ended by " + endedBy);
    }

    /**
     * Ends every membership of a supporter whose data is being erased, now: a complimentary one as if the operator
     * ended it, a paid one as Stripe's answer to cancelling it at once shows it ({@code canceled}, requested), so
     * the {@code customer.subscription.deleted} event Stripe sends afterwards changes nothing. The caller has
     * cancelled the subscriptions in Stripe first.
     */
    @Transactional
    public List<Membership> endForErasure(long supporterId, String cause) {
        var now = utc(clock.instant());
        jdbc.sql("""
                        UPDATE membership SET complimentary_until = :now, updated_at = :now
                        WHERE supporter_id = :supporter AND stripe_subscription_id IS NULL
                          AND (complimentary_until IS NULL OR complimentary_until > :now)""")
                .param("now", now).param("supporter", supporterId).update();
        jdbc.sql("""
                        UPDATE membership SET stripe_status = 'canceled', cancel_at_period_end = false,
                            cancellation_reason = 'cancellation_requested', updated_at = :now
                        WHERE supporter_id = :supporter AND stripe_subscription_id IS NOT NULL
                          AND stripe_status NOT IN ('canceled', 'incomplete_expired')""")
                .param("now", now).param("supporter", supporterId).update();
        List<Long> ids = jdbc.sql("SELECT id FROM membership WHERE supporter_id = ? ORDER BY id").param(supporterId)
                .query(Long.class).list();
        review(ids, cause);
        return ofSupporter(supporterId);
    }

    /** Memberships whose subscription Stripe would still charge or could restart: to be cancelled there. */
    public List<Membership> liveSubscriptions(long supporterId) {
        return jdbc.sql("""
                        SELECT * FROM membership WHERE supporter_id = ? AND stripe_subscription_id IS NOT NULL
                          AND stripe_status NOT IN ('canceled', 'incomplete_expired') ORDER BY id""")
                .param(supporterId).query(Memberships::map).list();
    }

    /**
     * Moves every membership whose state the clock has changed (a grace period over, also for one Stripe still
     * shows active but that was paid only until before it; a cancelled or complimentary membership at its end) to
     * where the clock says it is. Returns how many changed.
     */
    @Transactional
    public int reviewClock() {
        List<Long> due = jdbc.sql("""
                        SELECT m.id FROM membership m LEFT JOIN membership_policy p ON p.instance_id = m.instance_id
                        WHERE (m.state IN ('PAST_DUE', 'ACTIVE')
                                AND m.paid_through + make_interval(days => coalesce(p.grace_days, :grace)) <= :now)
                           OR (m.state IN ('ACTIVE', 'CANCELLED') AND m.cancel_at_period_end
                                AND m.current_period_end <= :now)
                           OR (m.state = 'COMPLIMENTARY' AND m.complimentary_until <= :now)
                        ORDER BY m.id""")
                .param("grace", (int) GracePolicy.DEFAULT.grace().toDays())
                .param("now", utc(clock.instant()))
                .query(Long.class).list();
        return review(due, "clock");
    }

    private int review(List<Long> ids, String cause) {
        int changed = 0;
        for (long id : ids) {
            MembershipState before = jdbc.sql("SELECT state FROM membership WHERE id = ?").param(id)
                    .query(String.class).optional().map(MembershipState::valueOf).orElse(null);
            if (review(id, cause).state() != before) {
                changed++;
            }
        }
        return changed;
    }

    public Membership get(long instanceId, long membershipId) {
        return jdbc.sql("SELECT * FROM membership WHERE instance_id = ? AND id = ?").params(instanceId, membershipId)
                .query(Memberships::map).optional().orElseThrow(() -> new NotFound("membership " + membershipId));
    }

    public Optional<Membership> bySubscription(long instanceId, String subscriptionId) {
        return jdbc.sql("SELECT * FROM membership WHERE instance_id = ? AND stripe_subscription_id = ?")
                .params(instanceId, subscriptionId).query(Memberships::map).optional();
    }

    /** A supporter's memberships of one server, newest first. */
    public List<Membership> ofSupporter(long instanceId, long supporterId) {
        return jdbc.sql("SELECT * FROM membership WHERE instance_id = ? AND supporter_id = ? ORDER BY id DESC")
                .params(instanceId, supporterId).query(Memberships::map).list();
    }

    /** A supporter's memberships of every server, newest first. */
    public List<Membership> ofSupporter(long supporterId) {
        return jdbc.sql("SELECT * FROM membership WHERE supporter_id = ? ORDER BY id DESC")
                .param(supporterId).query(Memberships::map).list();
    }

    /** A server's memberships, optionally only those in one state or of one tier, newest first. */
    public List<Membership> all(long instanceId, @Nullable MembershipState state, @Nullable Long tierId) {
        return jdbc.sql("""
                        SELECT * FROM membership WHERE instance_id = :instance
                            AND (CAST(:state AS varchar) IS NULL OR state = :state)
                            AND (CAST(:tier AS bigint) IS NULL OR tier_id = :tier)
                        ORDER BY id DESC""")
                .param("instance", instanceId)
                .param("state", state == null ? null : state.name())
                .param("tier", tierId)
                .query(Memberships::map).list();
    }

    public List<MembershipChange> changes(long instanceId, long membershipId) {
        get(instanceId, membershipId);
        return jdbc.sql("SELECT * FROM membership_change WHERE membership_id = ? ORDER BY id").param(membershipId)
                .query((rs, row) -> new MembershipChange(instant(rs, "at"),
                        rs.getString("from_state") == null ? null : MembershipState.valueOf(rs.getString("from_state")),
                        MembershipState.valueOf(rs.getString("to_state")), instant(rs, "paid_through"),
                        rs.getString("cause")))
                .list();
    }

    public GracePolicy policy(long instanceId) {
        return jdbc.sql("SELECT * FROM membership_policy WHERE instance_id = ?").param(instanceId)
                .query((rs, row) -> new GracePolicy(Duration.ofDays(rs.getInt("grace_days")),
                        rs.getBoolean("refund_ends_at_once"), rs.getBoolean("dispute_ends_at_once")))
                .optional().orElse(GracePolicy.DEFAULT);
    }

    /** Saves the server's grace settings and moves memberships to the state they now imply. */
    @Transactional
    public void savePolicy(long instanceId, GracePolicy policy) {
        jdbc.sql("""
                        INSERT INTO membership_policy (instance_id, grace_days, refund_ends_at_once, dispute_ends_at_once)
                        VALUES (?, ?, ?, ?)
                        ON CONFLICT (instance_id) DO UPDATE SET grace_days = excluded.grace_days,
                            refund_ends_at_once = excluded.refund_ends_at_once,
                            dispute_ends_at_once = excluded.dispute_ends_at_once""")
                .params(instanceId, (int) policy.grace().toDays(), policy.refundEndsAtOnce(),
                        policy.disputeEndsAtOnce())
                .update();
        review(jdbc.sql("""
                        SELECT id FROM membership WHERE instance_id = ?
                            AND state IN ('ACTIVE', 'PAST_DUE', 'CANCELLED', 'LAPSED', 'REFUNDED', 'DISPUTED')
                        ORDER BY id""").param(instanceId).query(Long.class).list(), "grace settings changed");
    }

    public Entitlement entitlement(Membership membership) {
        return Entitlement.of(membership.terms(), policy(membership.instanceId()), clock.instant());
    }

    /**
     * Derives the membership's state from its stored facts and the clock; records a change of state (or a newly
     * paid period) on the timeline and publishes what happened. Each paid-through date is announced once, however
     * the facts that led to it were ordered.
     */
    private Membership review(long id, String cause) {
        Row row = jdbc.sql("SELECT * FROM membership WHERE id = ? FOR UPDATE").param(id).query(Row::map).single();
        Instant now = clock.instant();
        GracePolicy policy = policy(row.membership.instanceId());
        Membership m = row.membership;
        MembershipState next = m.complimentary() ? Lifecycle.complimentary(m.complimentaryUntil(), now)
                : Lifecycle.state(row.stripeStatus, row.cancelAtPeriodEnd, row.cancellationReason,
                        row.currentPeriodEnd, m.paidThrough(), row.trouble, policy, now);
        boolean created = !jdbc.sql("SELECT EXISTS (SELECT 1 FROM membership_change WHERE membership_id = ?)")
                .param(id).query(Boolean.class).single();
        MembershipState before = created ? null : m.state();
        boolean paying = next == MembershipState.ACTIVE || next == MembershipState.CANCELLED;
        // A paying membership is announced as activated once a paid period is known: a subscription seen before
        // its first invoice is not yet anything a member (or their role) can use.
        boolean activated = next == MembershipState.COMPLIMENTARY ? !entitledState(before)
                : paying && m.paidThrough() != null && (!entitledState(before) || row.announcedThrough == null);
        boolean renewed = !activated && paying && m.paidThrough() != null && row.announcedThrough != null
                && m.paidThrough().isAfter(row.announcedThrough);
        Instant announce = activated || renewed || (paying && row.announcedThrough == null) ? m.paidThrough()
                : row.announcedThrough;
        if (next == before && !renewed && Objects.equals(announce, row.announcedThrough)) {
            return m;
        }
        jdbc.sql("UPDATE membership SET state = ?, announced_through = ? WHERE id = ?")
                .params(next.name(), utc(announce), id).update();
        if (next != before || renewed) {
            jdbc.sql("""
                            INSERT INTO membership_change (membership_id, at, from_state, to_state, paid_through, cause)
                            VALUES (?, ?, ?, ?, ?, ?)""")
                    .params(id, utc(now), before == null ? null : before.name(), next.name(), utc(m.paidThrough()),
                            cause.length() > 255 ? cause.substring(0, 255) : cause)
                    .update();
        }
        if (activated) {
            events.publishEvent(new MembershipActivated(m.id(), m.instanceId(), m.supporterId(), m.tierId(),
                    m.paidThrough()));
        } else if (renewed) {
            events.publishEvent(new MembershipRenewed(m.id(), m.instanceId(), m.supporterId(), m.tierId(),
                    m.paidThrough()));
        }
        if (next != before) {
            // The public page names current supporters who agreed to it.
            events.publishEvent(new PublicDataChanged(m.instanceId()));
            switch (next) {
                case PAST_DUE -> events.publishEvent(new MembershipPastDue(m.id(), m.instanceId(), m.supporterId(),
                        m.tierId(), m.paidThrough() == null ? null : m.paidThrough().plus(policy.grace())));
                case LAPSED -> events.publishEvent(new MembershipLapsed(m.id(), m.instanceId(), m.supporterId(),
                        m.tierId()));
                case ENDED, REFUNDED, DISPUTED -> events.publishEvent(new MembershipEnded(m.id(), m.instanceId(),
                        m.supporterId(), m.tierId(), next));
                default -> {
                }
            }
        }
        return get(m.instanceId(), id);
    }

    private static boolean entitledState(@Nullable MembershipState state) {
        return state == MembershipState.ACTIVE || state == MembershipState.PAST_DUE
                || state == MembershipState.CANCELLED || state == MembershipState.COMPLIMENTARY;
    }

    private record Row(Membership membership, String stripeStatus, boolean cancelAtPeriodEnd,
            @Nullable String cancellationReason, @Nullable Instant currentPeriodEnd, ChargeTrouble trouble,
            @Nullable Instant announcedThrough) {

        static Row map(ResultSet rs, int row) throws SQLException {
            return new Row(Memberships.map(rs, row), String.valueOf(rs.getString("stripe_status")),
                    rs.getBoolean("cancel_at_period_end"), rs.getString("cancellation_reason"),
                    instant(rs, "current_period_end"), ChargeTrouble.valueOf(rs.getString("charge_trouble")),
                    instant(rs, "announced_through"));
        }
    }

    static Membership map(ResultSet rs, int row) throws SQLException {
        long tier = rs.getLong("tier_id");
        Long tierId = rs.wasNull() ? null : tier;
        long amount = rs.getLong("amount_minor");
        Money money = rs.wasNull() ? null : new Money(amount, Currency.getInstance(rs.getString("currency")));
        return new Membership(rs.getLong("id"), rs.getLong("instance_id"), rs.getLong("supporter_id"), tierId,
                rs.getString("frequency"), money, MembershipState.valueOf(rs.getString("state")),
                instant(rs, "paid_through"), instant(rs, "complimentary_until"),
                rs.getString("stripe_subscription_id"), rs.getString("stripe_customer_id"),
                rs.getString("stripe_status"), rs.getString("note"), instant(rs, "created_at"));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static @Nullable OffsetDateTime utc(@Nullable Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
