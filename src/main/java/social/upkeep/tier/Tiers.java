package social.upkeep.tier;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import social.upkeep.shared.Money;
import social.upkeep.shared.NotFound;
import social.upkeep.shared.PublicDataChanged;

/** A server's tiers and donation options; every query is scoped by the server's id. */
@Service
public class Tiers {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Tiers(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    public List<Tier> all(long instanceId) {
        return jdbc.sql("SELECT * FROM tier WHERE instance_id = ? ORDER BY archived_at NULLS FIRST, "
                        + "COALESCE(monthly_minor * 12, yearly_minor), id")
                .param(instanceId).query(Tiers::map).list();
    }

    public Tier get(long instanceId, long tierId) {
        return jdbc.sql("SELECT * FROM tier WHERE instance_id = ? AND id = ?").params(instanceId, tierId)
                .query(Tiers::map).optional().orElseThrow(() -> new NotFound("Tier " + tierId));
    }

    @Transactional
    public Tier create(long instanceId, Currency currency, TierDetails details) {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        long id = jdbc.sql("""
                        INSERT INTO tier (instance_id, name, description, perks, currency, monthly_minor, yearly_minor,
                            capacity, server_role, visible, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")
                .params(instanceId, details.name(), details.description(), String.join("\n", details.perks()),
                        currency.getCurrencyCode(), minor(details.monthly()), minor(details.yearly()),
                        details.capacity(), details.serverRole(), details.visible(), now, now)
                .query(Long.class).single();
        events.publishEvent(new PublicDataChanged(instanceId));
        return get(instanceId, id);
    }

    @Transactional
    public Tier update(long instanceId, long tierId, TierDetails details) {
        get(instanceId, tierId);
        jdbc.sql("""
                        UPDATE tier SET name = ?, description = ?, perks = ?, monthly_minor = ?, yearly_minor = ?,
                            capacity = ?, server_role = ?, visible = ?, updated_at = ?
                        WHERE instance_id = ? AND id = ?""")
                .params(details.name(), details.description(), String.join("\n", details.perks()),
                        minor(details.monthly()), minor(details.yearly()), details.capacity(), details.serverRole(),
                        details.visible(), clock.instant().atOffset(ZoneOffset.UTC), instanceId, tierId)
                .update();
        events.publishEvent(new PublicDataChanged(instanceId));
        return get(instanceId, tierId);
    }

    /** Archived tiers take no new members; members keep theirs. Archiving again changes nothing. */
    @Transactional
    public void archive(long instanceId, long tierId, boolean archived) {
        get(instanceId, tierId);
        jdbc.sql("""
                        UPDATE tier SET archived_at = CASE WHEN ? THEN COALESCE(archived_at, ?) END, updated_at = ?
                        WHERE instance_id = ? AND id = ?""")
                .params(archived, clock.instant().atOffset(ZoneOffset.UTC), clock.instant().atOffset(ZoneOffset.UTC),
                        instanceId, tierId)
                .update();
        events.publishEvent(new PublicDataChanged(instanceId));
    }

    /**
     * Deletes a tier nobody joined. Once memberships reference a tier, the database refuses, and this says so:
     * such a tier can only be archived.
     */
    @Transactional
    public void delete(long instanceId, long tierId) {
        get(instanceId, tierId);
        try {
            jdbc.sql("DELETE FROM tier WHERE instance_id = ? AND id = ?").params(instanceId, tierId).update();
        } catch (DataIntegrityViolationException e) {
            throw new TierInUse();
        }
        events.publishEvent(new PublicDataChanged(instanceId));
    }

    /** The tier has members (or had): archive it instead. */
    public static final class TierInUse extends RuntimeException {
        TierInUse() {
            super("The tier has members");
        }
    }

    /** The server's donation options, or sensible ones (5, 10, 25; 1 to 10,000) until the operator sets them. */
    public DonationOptions donationOptions(long instanceId, Currency currency) {
        return jdbc.sql("SELECT * FROM donation_options WHERE instance_id = ?").param(instanceId)
                .query((rs, row) -> options(rs, currency)).optional()
                .orElseGet(() -> new DonationOptions(
                        List.of(major(5, currency), major(10, currency), major(25, currency)), major(1, currency),
                        major(10_000, currency), true, true, true));
    }

    @Transactional
    public void saveDonationOptions(long instanceId, DonationOptions options) {
        Long[] presets = options.presets().stream().map(Money::minor).toArray(Long[]::new);
        jdbc.sql("""
                        INSERT INTO donation_options (instance_id, currency, presets_minor, minimum_minor, maximum_minor,
                            one_time, monthly, yearly, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (instance_id) DO UPDATE SET currency = excluded.currency,
                            presets_minor = excluded.presets_minor, minimum_minor = excluded.minimum_minor,
                            maximum_minor = excluded.maximum_minor, one_time = excluded.one_time,
                            monthly = excluded.monthly, yearly = excluded.yearly, updated_at = excluded.updated_at""")
                .params(instanceId, options.minimum().currency().getCurrencyCode(), presets,
                        options.minimum().minor(), options.maximum().minor(), options.oneTime(), options.monthly(),
                        options.yearly(), clock.instant().atOffset(ZoneOffset.UTC))
                .update();
        events.publishEvent(new PublicDataChanged(instanceId));
    }

    private static Money major(long amount, Currency currency) {
        return Money.of(BigDecimal.valueOf(amount), currency);
    }

    private static DonationOptions options(ResultSet rs, Currency currency) throws SQLException {
        Array array = rs.getArray("presets_minor");
        List<Money> presets = Arrays.stream((Long[]) array.getArray()).map(minor -> new Money(minor, currency))
                .toList();
        return new DonationOptions(presets, new Money(rs.getLong("minimum_minor"), currency),
                new Money(rs.getLong("maximum_minor"), currency), rs.getBoolean("one_time"), rs.getBoolean("monthly"),
                rs.getBoolean("yearly"));
    }

    private static @Nullable Long minor(@Nullable Money money) {
        return money == null ? null : money.minor();
    }

    private static Tier map(ResultSet rs, int row) throws SQLException {
        Currency currency = Currency.getInstance(rs.getString("currency"));
        long monthly = rs.getLong("monthly_minor");
        Money monthlyPrice = rs.wasNull() ? null : new Money(monthly, currency);
        long yearly = rs.getLong("yearly_minor");
        Money yearlyPrice = rs.wasNull() ? null : new Money(yearly, currency);
        int capacity = rs.getInt("capacity");
        Integer cap = rs.wasNull() ? null : capacity;
        String perks = rs.getString("perks");
        OffsetDateTime archived = rs.getObject("archived_at", OffsetDateTime.class);
        return new Tier(rs.getLong("id"), rs.getLong("instance_id"), rs.getString("name"), rs.getString("description"),
                perks.isEmpty() ? List.of() : List.of(perks.split("\n")), monthlyPrice, yearlyPrice, cap,
                rs.getString("server_role"), rs.getBoolean("visible"), archived == null ? null : archived.toInstant());
    }
}
