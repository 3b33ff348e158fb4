package social.upkeep.billing.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import social.upkeep.instance.Instance;
import social.upkeep.membership.MembershipState;
import social.upkeep.shared.Money;
import social.upkeep.supporter.Supporter;

/**
 * What an operator sees of a server's members: the list with its filters, the figures above it, and one
 * member's timeline. Read straight from the tables billing and membership keep, in one query each.
 */
@Repository
class MemberDirectory {

    /** Recurring states that will renew: what monthly recurring revenue counts. */
    static final List<String> RENEWING = List.of("ACTIVE", "PAST_DUE");
    static final List<String> ENDED = List.of("LAPSED", "ENDED", "REFUNDED", "DISPUTED");

    record Filter(@Nullable MembershipState state, @Nullable Long tierId, String query) {

        boolean any() {
            return state != null || tierId != null || !query.isEmpty();
        }
    }

    record Row(long id, String supporter, @Nullable String email, @Nullable String tier, MembershipState state,
            @Nullable String frequency, @Nullable Money amount, @Nullable Money monthly, @Nullable Instant paidThrough,
            @Nullable Instant complimentaryUntil, Instant since) {
    }

    /** Totals of a list: the page shows them and the CSV ends with them. */
    record Totals(int members, Money monthlyRecurring) {
    }

    record Figures(Money monthlyRecurring, Money incomeThisMonth, int endedThisMonth, int renewing, double churn) {
    }

    /** One line of a member's timeline. */
    record Moment(Instant at, String kind, String what, @Nullable Money amount) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    MemberDirectory(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * The id of a supporter of this server (one with a membership or a donation here, of any state) by handle or
     * email address. Supporters of other servers are not found: an operator reaches only their own.
     */
    java.util.Optional<Long> supporterOf(long instanceId, String handleOrEmail) {
        String wanted = handleOrEmail.strip().toLowerCase(Locale.ROOT);
        String handle = wanted.startsWith("@") ? wanted : "@" + wanted;
        return jdbc.sql("""
                        SELECT s.id FROM supporter s
                        WHERE (lower(s.handle) = ? OR s.email = ?)
                          AND EXISTS (SELECT 1 FROM membership m WHERE m.supporter_id = s.id AND m.instance_id = ?)
                        ORDER BY s.id LIMIT 1""")
                .params(handle, wanted, instanceId).query(Long.class).optional();
    }

    List<Row> members(Instance server, Filter filter) {
        String like = "%" + filter.query().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_") + "%";
        return jdbc.sql("""
                        SELECT m.*, s.handle, s.email, t.name AS tier_name FROM membership m
                        JOIN supporter s ON s.id = m.supporter_id LEFT JOIN tier t ON t.id = m.tier_id
                        WHERE m.instance_id = :instance AND m.state <> 'PENDING'
                          AND (CAST(:state AS varchar) IS NULL OR m.state = :state)
                          AND (CAST(:tier AS bigint) IS NULL OR m.tier_id = :tier)
                          AND (lower(coalesce(s.handle, '')) LIKE :like OR lower(coalesce(s.email, '')) LIKE :like)
                        ORDER BY m.id DESC""")
                .param("instance", server.id())
                .param("state", filter.state() == null ? null : filter.state().name())
                .param("tier", filter.tierId())
                .param("like", like)
                .query((rs, n) -> {
                    long amount = rs.getLong("amount_minor");
                    Money money = rs.wasNull() ? null
                            : new Money(amount, Currency.getInstance(rs.getString("currency")));
                    String frequency = rs.getString("frequency");
                    MembershipState state = MembershipState.valueOf(rs.getString("state"));
                    Money monthly = money == null || !RENEWING.contains(state.name()) ? null
                            : "YEAR".equals(frequency) ? new Money(money.minor() / 12, money.currency()) : money;
                    var who = new Supporter(rs.getLong("supporter_id"), null,
                            rs.getString("handle"), null, rs.getString("email"));
                    return new Row(rs.getLong("id"), who.displayName(),
                            rs.getString("email"), rs.getString("tier_name"), state, frequency, money, monthly,
                            instant(rs.getObject("paid_through", OffsetDateTime.class)),
                            instant(rs.getObject("complimentary_until", OffsetDateTime.class)),
                            rs.getObject("created_at", OffsetDateTime.class).toInstant());
                })
                .list();
    }

    static Totals totals(Instance server, List<Row> rows) {
        long monthly = rows.stream().filter(row -> row.monthly() != null
                && row.monthly().currency().equals(server.currency())).mapToLong(row -> row.monthly().minor()).sum();
        return new Totals(rows.size(), new Money(monthly, server.currency()));
    }

    /**
     * Monthly recurring revenue (memberships and recurring donations that will renew, yearly ones as a twelfth),
     * income from supporters booked this month, and churn: memberships that ended this month as a share of
     * those renewing now plus those that ended.
     */
    Figures figures(Instance server, Money incomeThisMonth) {
        Totals all = totals(server, members(server, new Filter(null, null, "")));
        var monthStart = server.currentMonth(clock).atDay(1).atStartOfDay(server.timeZone()).toInstant();
        int ended = jdbc.sql("""
                        SELECT count(DISTINCT c.membership_id) FROM membership_change c
                        JOIN membership m ON m.id = c.membership_id
                        WHERE m.instance_id = ? AND c.at >= ? AND c.to_state IN ('LAPSED', 'ENDED', 'REFUNDED', 'DISPUTED')
                          AND m.state IN ('LAPSED', 'ENDED', 'REFUNDED', 'DISPUTED')""")
                .params(server.id(), monthStart.atOffset(ZoneOffset.UTC)).query(Integer.class).single();
        int renewing = jdbc.sql("""
                        SELECT count(*) FROM membership WHERE instance_id = ? AND state IN ('ACTIVE', 'PAST_DUE')""")
                .param(server.id()).query(Integer.class).single();
        double churn = renewing + ended == 0 ? 0 : (double) ended / (renewing + ended);
        return new Figures(all.monthlyRecurring(), incomeThisMonth, ended, renewing, churn);
    }

    /** Everything that happened to a membership: its state changes, its payments, their ledger entries, events. */
    List<Moment> timeline(Instance server, long membershipId) {
        return jdbc.sql("""
                        SELECT at, 'state' AS kind, coalesce(from_state, '–') || ' → ' || to_state || ' (' || cause || ')' AS what,
                               NULL::bigint AS amount, NULL AS currency
                        FROM membership_change WHERE membership_id = :membership
                        UNION ALL
                        SELECT p.paid_at, 'payment', p.charge_id || ' ' || p.status
                                   || CASE WHEN p.amount_refunded_minor > 0 THEN ', refunded ' || p.amount_refunded_minor ELSE '' END
                                   || CASE WHEN p.dispute_status IS NOT NULL THEN ', dispute ' || p.dispute_status ELSE '' END,
                               p.amount_minor, p.currency
                        FROM payment p JOIN membership m ON m.instance_id = p.instance_id AND m.stripe_customer_id = p.customer_id
                        WHERE m.id = :membership
                        UNION ALL
                        SELECT l.created_at, 'ledger', l.kind || ': ' || l.description || ' (' || l.booked_on || ')',
                               l.amount_minor, l.currency
                        FROM ledger_entry l
                        JOIN stripe_booking b ON b.instance_id = l.instance_id AND b.source_key = l.source_key
                        JOIN payment p ON p.instance_id = b.instance_id AND p.charge_id = b.charge_id
                        JOIN membership m ON m.instance_id = p.instance_id AND m.stripe_customer_id = p.customer_id
                        WHERE m.id = :membership
                        UNION ALL
                        SELECT e.received_at, 'event', e.type || ' ' || e.event_id || ' ' || e.status, NULL, NULL
                        FROM stripe_event e JOIN membership m ON m.instance_id = e.instance_id
                        WHERE m.id = :membership AND (e.subject_id = m.stripe_subscription_id
                            OR e.subject_id IN (SELECT charge_id FROM payment p
                                                WHERE p.instance_id = m.instance_id AND p.customer_id = m.stripe_customer_id))
                        ORDER BY 1, 2""")
                .param("membership", membershipId)
                .query((rs, n) -> {
                    long amount = rs.getLong("amount");
                    Money money = rs.wasNull() ? null : new Money(amount, Currency.getInstance(rs.getString("currency")));
                    return new Moment(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getString("kind"),
                            rs.getString("what"), money);
                })
                .list();
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
