package social.upkeep.billing.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;


import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import social.upkeep.shared.LongDates;
import social.upkeep.instance.Instance;
import social.upkeep.membership.Membership;
import social.upkeep.membership.Memberships;
import social.upkeep.notification.MailOutbox;
import social.upkeep.notification.MailTemplates;
import social.upkeep.notification.OutgoingMail;
import social.upkeep.notification.Receipts;
import social.upkeep.shared.LinkTokens;
import social.upkeep.shared.PublicUrls;
import social.upkeep.tier.Tiers;

/**
 * Complimentary memberships for people who have not given to the server: an operator finds only their own
 * server's supporters, so anyone else is offered the membership by an invitation they accept, signed in, within
 * {@link #VALID_FOR}. An email address gets the link by mail; for a fediverse handle the operator passes the link
 * on. Asking says the same whether or not Upkeep knows the address.
 */
@Service
class Invitations {

    static final Duration VALID_FOR = Duration.ofDays(14);
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s<>\"]{1,64}@[a-z0-9.-]{1,253}\\.[a-z]{2,63}$");
    private static final Pattern HANDLE = Pattern.compile("^@?[a-z0-9_.-]{1,64}@[a-z0-9.-]{1,253}\\.[a-z]{2,63}$");

    private final JdbcClient jdbc;
    private final Memberships memberships;
    private final Tiers tiers;
    private final MailOutbox outbox;
    private final MailTemplates templates;
    private final PublicUrls urls;
    private final Clock clock;

    Invitations(JdbcClient jdbc, Memberships memberships, Tiers tiers, MailOutbox outbox, MailTemplates templates,
            PublicUrls urls, Clock clock) {
        this.jdbc = jdbc;
        this.memberships = memberships;
        this.tiers = tiers;
        this.outbox = outbox;
        this.templates = templates;
        this.urls = urls;
        this.clock = clock;
    }

    /** An open invitation as its page shows it. */
    record Invitation(long id, long instanceId, @Nullable Long tierId, @Nullable Instant endsAt, String note,
            String invitedBy) {
    }

    /** What was made: the link to pass on, and whether it went out by mail. */
    record Sent(String url, boolean mailed) {
    }

    /** What the operator typed, as an email address or a handle ({@code @name@server}); empty if neither. */
    static Optional<String> invitee(String typed) {
        String value = typed.strip().toLowerCase(Locale.ROOT);
        if (value.length() > 320) {
            return Optional.empty();
        }
        if (!value.startsWith("@") && EMAIL.matcher(value).matches()) {
            return Optional.of(value);
        }
        return HANDLE.matcher(value).matches() ? Optional.of(value.startsWith("@") ? value : "@" + value)
                : Optional.empty();
    }

    @Transactional
    Sent invite(Instance server, String invitee, @Nullable Long tierId, @Nullable Instant endsAt, String note,
            String invitedBy, Locale locale) {
        String token = LinkTokens.next();
        String hash = LinkTokens.hash(token);
        Instant now = clock.instant();
        jdbc.sql("""
                        INSERT INTO complimentary_invitation (instance_id, token_hash, invited, tier_id, ends_at, note,
                            invited_by, created_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(server.id(), hash, invitee, tierId, utc(endsAt), note, invitedBy, utc(now),
                        utc(now.plus(VALID_FOR)))
                .update();
        String url = urls.of("/invitations/" + token).toString();
        boolean mail = !invitee.startsWith("@");
        if (mail) {
            Map<String, Object> values = new HashMap<>();
            values.put("serverName", server.displayName());
            values.put("tierName", tierId == null ? "" : tiers.get(server.id(), tierId).name());
            values.put("until", endsAt == null ? "" : LongDates.in(locale).format(endsAt.atZone(server.timeZone())));
            values.put("url", url);
            values.put("days", VALID_FOR.toDays());
            String sender = Receipts.senderName(server);
            var rendered = templates.render("complimentary-invitation", locale, values, sender);
            // Confidential: the link is the invitation, so its text is wiped once sent.
            outbox.queue(new OutgoingMail("invitation:" + hash, invitee, rendered.subject(), rendered.text(),
                    true, rendered.html(), sender, null));
        }
        return new Sent(url, mail);
    }

    /** The invitation behind a link, while it is open (not accepted, not expired). */
    Optional<Invitation> open(String token) {
        return jdbc.sql("""
                        SELECT id, instance_id, tier_id, ends_at, note, invited_by FROM complimentary_invitation
                        WHERE token_hash = ? AND accepted_at IS NULL AND expires_at > ?""")
                .params(LinkTokens.hash(token), utc(clock.instant())).query(Invitations::invitation).optional();
    }

    /** Accepts the invitation for the signed-in supporter, once: the complimentary membership begins. */
    @Transactional
    Optional<Membership> accept(String token, long supporterId) {
        Optional<Invitation> invitation = jdbc.sql("""
                        UPDATE complimentary_invitation SET accepted_at = ?
                        WHERE token_hash = ? AND accepted_at IS NULL AND expires_at > ?
                        RETURNING id, instance_id, tier_id, ends_at, note, invited_by""")
                .params(utc(clock.instant()), LinkTokens.hash(token), utc(clock.instant())).query(Invitations::invitation)
                .optional();
        if (invitation.isEmpty()) {
            return Optional.empty();
        }
        Invitation it = invitation.get();
        Membership membership = memberships.grantComplimentary(it.instanceId(), supporterId, it.tierId(), it.endsAt(),
                it.note(), it.invitedBy() + " (invitation accepted)");
        jdbc.sql("UPDATE complimentary_invitation SET membership_id = ? WHERE id = ?").params(membership.id(), it.id())
                .update();
        return Optional.of(membership);
    }

    private static Invitation invitation(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        OffsetDateTime endsAt = rs.getObject("ends_at", OffsetDateTime.class);
        return new Invitation(rs.getLong("id"), rs.getLong("instance_id"), (Long) rs.getObject("tier_id"),
                endsAt == null ? null : endsAt.toInstant(), rs.getString("note"), rs.getString("invited_by"));
    }

    private static @Nullable OffsetDateTime utc(@Nullable Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
