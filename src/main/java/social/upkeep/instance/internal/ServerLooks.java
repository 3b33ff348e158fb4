package social.upkeep.instance.internal;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import social.upkeep.shared.PublicDataChanged;

/** The look of a server's public and supporter pages: the operator's accent colour, and its logo. */
@Component
public class ServerLooks {

    /** Where the logo came from: the server's own thumbnail, or the operator's upload (which the server's never replaces). */
    enum Source { SERVER, OPERATOR }

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    ServerLooks(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /**
     * The look in one read: the accent, and where the logo came from and its version (changing whenever the logo
     * does, so pages can let browsers keep it), each empty when there is none.
     */
    record Look(Optional<AccentColour> accent, Optional<Source> logoSource, Optional<Long> logoVersion) {

        static final Look NONE = new Look(Optional.empty(), Optional.empty(), Optional.empty());
    }

    Look look(long instanceId) {
        return jdbc.sql("""
                        SELECT accent, CASE WHEN logo IS NULL THEN NULL ELSE logo_source END AS logo_source,
                               CASE WHEN logo IS NULL THEN NULL ELSE extract(epoch FROM logo_at)::bigint END AS logo_version
                        FROM instance_look WHERE instance_id = ?""")
                .param(instanceId)
                .query((rs, row) -> new Look(Optional.ofNullable(rs.getString("accent")).flatMap(AccentColour::parse),
                        Optional.ofNullable(rs.getString("logo_source")).map(Source::valueOf),
                        Optional.ofNullable((Long) rs.getObject("logo_version"))))
                .optional().orElse(Look.NONE);
    }

    void saveAccent(long instanceId, @Nullable AccentColour accent) {
        jdbc.sql("""
                        INSERT INTO instance_look (instance_id, accent) VALUES (?, ?)
                        ON CONFLICT (instance_id) DO UPDATE SET accent = excluded.accent""")
                .params(instanceId, accent == null ? null : accent.hex()).update();
        events.publishEvent(new PublicDataChanged(instanceId));      // kept public pages link the old colour
    }

    Optional<LogoImage> logo(long instanceId) {
        return jdbc.sql("SELECT logo, logo_type FROM instance_look WHERE instance_id = ? AND logo IS NOT NULL")
                .param(instanceId).query((rs, row) -> new LogoImage(rs.getBytes(1), rs.getString(2))).optional();
    }

    /** The operator's logo, or with null none of theirs (the server's thumbnail comes back at the next refresh). */
    void saveOperatorLogo(long instanceId, @Nullable LogoImage logo) {
        save(instanceId, logo, Source.OPERATOR, true);
    }

    /** The server's own thumbnail, unless the operator chose a logo. */
    void saveServerLogo(long instanceId, LogoImage logo) {
        save(instanceId, logo, Source.SERVER, false);
    }

    private void save(long instanceId, @Nullable LogoImage logo, Source source, boolean replaceOperators) {
        jdbc.sql("""
                        INSERT INTO instance_look (instance_id, logo, logo_type, logo_source, logo_at)
                        VALUES (?, ?, ?, ?, now())
                        ON CONFLICT (instance_id) DO UPDATE SET logo = excluded.logo, logo_type = excluded.logo_type,
                            logo_source = excluded.logo_source, logo_at = excluded.logo_at
                        WHERE ? OR instance_look.logo_source IS DISTINCT FROM 'OPERATOR'""")
                .params(instanceId, logo == null ? null : logo.bytes(), logo == null ? null : logo.type(),
                        logo == null ? null : source.name(), replaceOperators).update();
        events.publishEvent(new PublicDataChanged(instanceId));
    }
}
