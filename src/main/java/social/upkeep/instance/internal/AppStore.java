package social.upkeep.instance.internal;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import social.upkeep.instance.OAuthApp;
import social.upkeep.instance.Software;
import social.upkeep.shared.SecretBox;

/** The OAuth apps Upkeep registered, one per host, client secrets sealed. */
@Repository
class AppStore {

    private final JdbcClient jdbc;
    private final SecretBox secrets;

    AppStore(JdbcClient jdbc, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    Optional<OAuthApp> find(String host) {
        return jdbc.sql("SELECT * FROM oauth_app WHERE host = ?").param(host).query(this::map).optional();
    }

    Optional<OAuthApp> find(long id) {
        return jdbc.sql("SELECT * FROM oauth_app WHERE id = ?").param(id).query(this::map).optional();
    }

    Optional<Instant> checkedAt(String host) {
        return jdbc.sql("SELECT checked_at FROM oauth_app WHERE host = ?").param(host)
                .query((rs, row) -> rs.getObject(1, OffsetDateTime.class).toInstant()).optional();
    }

    void markChecked(long id, Instant at) {
        jdbc.sql("UPDATE oauth_app SET checked_at = ? WHERE id = ?").params(at.atOffset(ZoneOffset.UTC), id).update();
    }

    /** Keeps the app for its host, replacing one registered before (the server forgot it, or scopes grew). */
    OAuthApp save(String host, Software software, String version, ServerJson.Credentials credentials, String scopes,
            URI redirectUri, ServerJson.Discovery endpoints, Instant now) {
        var at = now.atOffset(ZoneOffset.UTC);
        jdbc.sql("""
                        INSERT INTO oauth_app (host, software, software_version, client_id, client_secret_sealed, scopes,
                            redirect_uri, authorization_endpoint, token_endpoint, revocation_endpoint, profile_scope,
                            registered_at, checked_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (host) DO UPDATE SET software = excluded.software,
                            software_version = excluded.software_version, client_id = excluded.client_id,
                            client_secret_sealed = excluded.client_secret_sealed, scopes = excluded.scopes,
                            redirect_uri = excluded.redirect_uri,
                            authorization_endpoint = excluded.authorization_endpoint,
                            token_endpoint = excluded.token_endpoint,
                            revocation_endpoint = excluded.revocation_endpoint,
                            profile_scope = excluded.profile_scope, registered_at = excluded.registered_at,
                            checked_at = excluded.checked_at""")
                .params(host, software.name(), version, credentials.clientId(),
                        secrets.seal(credentials.clientSecret(), context(host)), scopes, redirectUri.toString(),
                        endpoints.authorization().toString(), endpoints.token().toString(),
                        endpoints.revocation() == null ? endpoints.token().resolve("/oauth/revoke").toString()
                                : endpoints.revocation().toString(),
                        endpoints.profileScope(), at, at)
                .update();
        return find(host).orElseThrow();
    }

    private static String context(String host) {
        return "oauth-app:" + host + ":client-secret";
    }

    private OAuthApp map(ResultSet rs, int row) throws SQLException {
        String host = rs.getString("host");
        return new OAuthApp(rs.getLong("id"), host, Software.valueOf(rs.getString("software")),
                rs.getString("software_version"), rs.getString("client_id"), secrets.open(rs.getString("client_secret_sealed"), context(host)),
                rs.getString("scopes"), URI.create(rs.getString("redirect_uri")),
                URI.create(rs.getString("authorization_endpoint")), URI.create(rs.getString("token_endpoint")),
                URI.create(rs.getString("revocation_endpoint")), rs.getBoolean("profile_scope"));
    }
}
