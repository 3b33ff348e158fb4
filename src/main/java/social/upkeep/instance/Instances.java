package social.upkeep.instance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import social.upkeep.shared.Money;
import social.upkeep.shared.PublicDataChanged;
import org.springframework.context.ApplicationEventPublisher;
import social.upkeep.shared.NotFound;

/** Finds and keeps server profiles. */
@Service
public class Instances {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Instances(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Instance get(long id) {
        return find(id).orElseThrow(() -> new NotFound("Server " + id));
    }

    public Optional<Instance> find(long id) {
        return jdbc.sql("SELECT * FROM instance WHERE id = ?").param(id).query(Instances::map).optional();
    }

    public Optional<Instance> findByHost(String host) {
        return jdbc.sql("SELECT * FROM instance WHERE host = ?").param(host.toLowerCase(java.util.Locale.ROOT))
                .query(Instances::map).optional();
    }

    public List<Instance> all() {
        return jdbc.sql("SELECT * FROM instance ORDER BY display_name, id").query(Instances::map).list();
    }

    /** The server whose page {@code /} shows: the only one, when there is exactly one that is not a demo. */
    public Optional<Instance> single() {
        List<Instance> real = all().stream().filter(i -> !i.demo()).toList();
        return real.size() == 1 ? Optional.of(real.get(0)) : Optional.empty();
    }

    @Transactional
    public Instance create(InstanceDetails details, boolean demo) {
        try {
            long id = jdbc.sql("""
                            INSERT INTO instance (host, display_name, reporting_currency, time_zone, founded_on,
                                monthly_goal_minor, active_users, demo, created_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")
                    .params(details.host(), details.displayName(), details.currency().getCurrencyCode(),
                            details.timeZone().getId(), details.foundedOn(), goalMinor(details),
                            details.activeUsers(), demo, clock.instant().atOffset(ZoneOffset.UTC))
                    .query(Long.class).single();
            return get(id);
        } catch (DuplicateKeyException e) {
            throw new HostTaken(details.host());
        }
    }

    /** Updates everything but the host and the currency, which the ledger and links depend on. */
    @Transactional
    public Instance update(long id, InstanceDetails details) {
        Instance current = get(id);
        if (!current.currency().equals(details.currency())) {
            throw new IllegalArgumentException("The reporting currency cannot change");
        }
        jdbc.sql("""
                        UPDATE instance SET display_name = ?, time_zone = ?, founded_on = ?, monthly_goal_minor = ?,
                            active_users = ? WHERE id = ?""")
                .params(details.displayName(), details.timeZone().getId(), details.foundedOn(), goalMinor(details),
                        details.activeUsers(), id)
                .update();
        events.publishEvent(new PublicDataChanged(id));
        return get(id);
    }

    /** The server's own count of monthly active users, read by the daily job. */
    @Transactional
    public void recordActiveUsers(long id, int activeUsers) {
        int changed = jdbc.sql("UPDATE instance SET active_users = ? WHERE id = ? AND active_users IS DISTINCT FROM ?")
                .params(activeUsers, id, activeUsers).update();
        if (changed > 0) {
            events.publishEvent(new PublicDataChanged(id));
        }
    }

    private static Long goalMinor(InstanceDetails details) {
        return details.monthlyGoal() == null ? null : details.monthlyGoal().minor();
    }

    private static Instance map(ResultSet rs, int row) throws SQLException {
        Currency currency = Currency.getInstance(rs.getString("reporting_currency"));
        long goal = rs.getLong("monthly_goal_minor");
        Money monthlyGoal = rs.wasNull() ? null : new Money(goal, currency);
        int users = rs.getInt("active_users");
        Integer activeUsers = rs.wasNull() ? null : users;
        return new Instance(rs.getLong("id"), rs.getString("host"), rs.getString("display_name"), currency,
                ZoneId.of(rs.getString("time_zone")), rs.getObject("founded_on", java.time.LocalDate.class),
                monthlyGoal, activeUsers, rs.getBoolean("demo"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    /** Another server already has this host. */
    public static final class HostTaken extends RuntimeException {
        public HostTaken(String host) {
            super("A server with host " + host + " exists already");
        }
    }
}
