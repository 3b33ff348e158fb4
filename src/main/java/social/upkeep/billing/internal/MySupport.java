package social.upkeep.billing.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.membership.Entitlement;
import social.upkeep.membership.Membership;
import social.upkeep.membership.MembershipState;
import social.upkeep.membership.Memberships;
import social.upkeep.shared.Money;
import social.upkeep.shared.PublicDataChanged;
import java.util.Locale;
import org.springframework.validation.BeanPropertyBindingResult;
import social.upkeep.shared.AmountField;
import social.upkeep.rolesync.MemberRoles;
import social.upkeep.tier.DonationOptions;
import social.upkeep.tier.Tier;
import social.upkeep.tier.Tiers;

/** What a supporter sees of their own support: memberships, payments, and whether they are named publicly. */
@Service
class MySupport {

    /** A name shown on a public page: letters, digits, spaces and a little punctuation, no markup. */
    static final Pattern PUBLIC_NAME = Pattern.compile("^[\\p{L}\\p{N} .,'’()&_-]{1,60}$");

    enum Listing { ANONYMOUS, HANDLE, NAME }

    /**
     * {@code until}: the date the page names: paid until, in grace until, active until; {@code changeTo}: the
     * tiers the member may move to.
     */
    record MembershipRow(Membership membership, Instance server, String what, Entitlement entitlement,
            @Nullable Instant until, List<TierChoice> changeTo, MemberRoles.@Nullable MemberRole role) {
    }

    record TierChoice(Tier tier, Money price) {
    }

    record PaymentRow(Instance server, Instant paidAt, Money amount, Money refunded, @Nullable String disputeStatus,
            String status) {
    }

    record ListingRow(Instance server, Listing listing, @Nullable String publicName) {
    }

    private final JdbcClient jdbc;
    private final Memberships memberships;
    private final Instances instances;
    private final Tiers tiers;
    private final ApplicationEventPublisher events;
    private final MemberRoles memberRoles;

    MySupport(JdbcClient jdbc, Memberships memberships, Instances instances, Tiers tiers,
            ApplicationEventPublisher events, MemberRoles memberRoles) {
        this.memberRoles = memberRoles;
        this.events = events;
        this.jdbc = jdbc;
        this.memberships = memberships;
        this.instances = instances;
        this.tiers = tiers;
    }

    List<MembershipRow> memberships(long supporterId) {
        return memberships.ofSupporter(supporterId).stream()
                .filter(m -> m.state() != MembershipState.PENDING)
                .map(m -> {
                    Entitlement entitlement = memberships.entitlement(m);
                    Tier tier = m.tierId() == null ? null : tiers.get(m.instanceId(), m.tierId());
                    // The role the tier gives, and where it stands, while the membership entitles to it.
                    MemberRoles.MemberRole role = tier == null || tier.serverRole() == null || !entitlement.entitled()
                            || !memberRoles.enabled(m.instanceId()) ? null
                            : memberRoles.of(m.instanceId(), supporterId, tier.serverRole());
                    return new MembershipRow(m, instances.get(m.instanceId()), tier == null ? "" : tier.name(),
                            entitlement,
                            entitlement.reason() == Entitlement.Reason.PAID ? m.paidThrough() : entitlement.until(),
                            tierChoices(m), role);
                })
                .toList();
    }

    /**
     * The tiers an active paid membership may move to: the server's other open tiers with a price for the
     * membership's frequency and a free place.
     */
    List<TierChoice> tierChoices(Membership membership) {
        if (membership.tierId() == null || membership.subscriptionId() == null
                || membership.state() != MembershipState.ACTIVE) {
            return List.of();
        }
        return tiers.all(membership.instanceId()).stream()
                .filter(tier -> tier.open() && tier.id() != membership.tierId())
                .filter(tier -> tier.capacity() == null || memberships.all(membership.instanceId(), null, tier.id())
                        .stream().filter(m -> memberships.entitlement(m).entitled()).count() < tier.capacity())
                .map(tier -> new TierChoice(tier, "YEAR".equals(membership.frequency()) ? tier.yearly() : tier.monthly()))
                .filter(choice -> choice.price() != null)
                .toList();
    }

    /**
     * The new amount of an active recurring donation: within the server's donation bounds, in its currency, and
     * not what it already is; empty for anything else.
     */
    Optional<Money> donationAmount(Membership membership, String typed, Locale locale) {
        if (membership.tierId() != null || membership.subscriptionId() == null || membership.amount() == null
                || membership.state() != MembershipState.ACTIVE) {
            return Optional.empty();
        }
        Instance server = instances.get(membership.instanceId());
        DonationOptions options = tiers.donationOptions(server.id(), server.currency());
        boolean offered = "YEAR".equals(membership.frequency()) ? options.yearly() : options.monthly();
        Money amount = AmountField.positive(typed, server.currency(), locale,
                new BeanPropertyBindingResult(new Object(), "donation"), "");
        return Optional.ofNullable(amount)
                .filter(money -> offered && options.accepts(money) && !money.equals(membership.amount()));
    }

    /** The supporter's own membership, or nothing (someone else's id looks like no id at all). */
    Optional<Membership> membership(long supporterId, long membershipId) {
        return memberships.ofSupporter(supporterId).stream().filter(m -> m.id() == membershipId).findFirst();
    }

    List<PaymentRow> payments(long supporterId) {
        return jdbc.sql("""
                        SELECT p.* FROM payment p JOIN stripe_customer c
                            ON c.instance_id = p.instance_id AND c.customer_id = p.customer_id
                        WHERE c.supporter_id = ? ORDER BY p.paid_at DESC LIMIT 200""")
                .param(supporterId)
                .query((rs, row) -> {
                    Currency currency = Currency.getInstance(rs.getString("currency"));
                    return new PaymentRow(instances.get(rs.getLong("instance_id")),
                            rs.getObject("paid_at", OffsetDateTime.class).toInstant(),
                            new Money(rs.getLong("amount_minor"), currency),
                            new Money(rs.getLong("amount_refunded_minor"), currency), rs.getString("dispute_status"),
                            rs.getString("status"));
                })
                .list();
    }

    /** How the supporter is named on each server they have given to. */
    List<ListingRow> listings(long supporterId) {
        return jdbc.sql("""
                        SELECT s.instance_id, l.listing, l.public_name FROM (
                            SELECT instance_id FROM membership WHERE supporter_id = :supporter AND state <> 'PENDING'
                            UNION SELECT instance_id FROM stripe_customer WHERE supporter_id = :supporter) s
                        LEFT JOIN supporter_listing l ON l.instance_id = s.instance_id AND l.supporter_id = :supporter
                        ORDER BY s.instance_id""")
                .param("supporter", supporterId)
                .query((rs, row) -> new ListingRow(instances.get(rs.getLong("instance_id")),
                        rs.getString("listing") == null ? Listing.ANONYMOUS : Listing.valueOf(rs.getString("listing")),
                        rs.getString("public_name")))
                .list();
    }

    /** Saves the consent for a server the supporter has given to; false for any other server. */
    boolean saveListing(long supporterId, long instanceId, Listing listing, @Nullable String publicName) {
        if (!gaveTo(supporterId, instanceId)) {
            return false;
        }
        recordListing(supporterId, instanceId, listing, publicName);
        return true;
    }

    /** Whether the supporter has given to (or been a member of) this server. */
    boolean gaveTo(long supporterId, long instanceId) {
        return listings(supporterId).stream().anyMatch(row -> row.server().id() == instanceId);
    }

    /**
     * Records the consent as a supporter chose it before paying (the checkout names the server they are on);
     * the name shows only once they support the server.
     */
    void recordListing(long supporterId, long instanceId, Listing listing, @Nullable String publicName) {
        events.publishEvent(new PublicDataChanged(instanceId));
        if (listing == Listing.ANONYMOUS) {
            jdbc.sql("DELETE FROM supporter_listing WHERE instance_id = ? AND supporter_id = ?")
                    .params(instanceId, supporterId).update();
            return;
        }
        jdbc.sql("""
                        INSERT INTO supporter_listing (instance_id, supporter_id, listing, public_name) VALUES (?, ?, ?, ?)
                        ON CONFLICT (instance_id, supporter_id) DO UPDATE SET listing = excluded.listing,
                            public_name = excluded.public_name""")
                .params(instanceId, supporterId, listing.name(), listing == Listing.NAME ? publicName : null)
                .update();
    }

    /**
     * Why a consent cannot be taken as sent, as a message key, or null when it can: a name must be a plain one,
     * and only a supporter signed in with a fediverse account has a handle to show.
     */
    static @Nullable String refusal(Listing listing, String name, @Nullable String handle) {
        if (listing == Listing.NAME && !PUBLIC_NAME.matcher(name).matches()) {
            return "me.listing.name-invalid";
        }
        return listing == Listing.HANDLE && handle == null ? "me.listing.no-handle" : null;
    }

    static String normalise(@Nullable String name) {
        return name == null ? "" : name.strip().replaceAll("\\s+", " ");
    }
}
