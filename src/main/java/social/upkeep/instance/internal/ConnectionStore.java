package social.upkeep.instance.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import social.upkeep.instance.Connection;
import social.upkeep.instance.FediverseAccount;
import social.upkeep.instance.Software;
import social.upkeep.shared.SecretBox;

/** Each server's connection: the sealed admin token and how the calls with it went. */
@Repository
class ConnectionStore {

    private final JdbcClient jdbc;
    private final SecretBox secrets;

    ConnectionStore(JdbcClient jdbc, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    Optional<Connection> find(long instanceId) {
        return jdbc.sql("SELECT * FROM instance_connection WHERE instance_id = ?").param(instanceId)
                .query(ConnectionStore::map).optional();
    }

    List<Connection> usable() {
        return jdbc.sql("SELECT * FROM instance_connection WHERE state <> 'DISCONNECTED' ORDER BY instance_id")
                .query(ConnectionStore::map).list();
    }

    Optional<String> token(long instanceId) {
        return jdbc.sql("SELECT admin_token_sealed FROM instance_connection WHERE instance_id = ?")
                .param(instanceId).query(String.class).optional()
                .map(sealed -> secrets.open(sealed, context(instanceId)));
    }

    void connect(long instanceId, Software software, @Nullable String version, FediverseAccount admin, String token,
            String scopes, Instant now) {
        var at = now.atOffset(ZoneOffset.UTC);
        jdbc.sql("""
                        INSERT INTO instance_connection (instance_id, state, software, software_version, admin_token_sealed,
                            token_scopes, admin_account_id, admin_username, connected_at, last_success_at)
                        VALUES (?, 'CONNECTED', ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (instance_id) DO UPDATE SET state = 'CONNECTED', software = excluded.software,
                            software_version = excluded.software_version,
                            admin_token_sealed = excluded.admin_token_sealed, token_scopes = excluded.token_scopes,
                            admin_account_id = excluded.admin_account_id, admin_username = excluded.admin_username,
                            connected_at = excluded.connected_at, last_success_at = excluded.last_success_at,
                            last_error = NULL, last_error_at = NULL""")
                .params(instanceId, software.name(), version, secrets.seal(token, context(instanceId)), scopes,
                        admin.id(), admin.username(), at, at)
                .update();
    }

    /** Forgets the token; the row stays so the page can say when and how it was connected. */
    void disconnect(long instanceId) {
        jdbc.sql("""
                        UPDATE instance_connection SET state = 'DISCONNECTED', admin_token_sealed = NULL,
                            token_scopes = NULL WHERE instance_id = ?""")
                .param(instanceId).update();
    }

    void succeeded(long instanceId, Instant now) {
        jdbc.sql("""
                        UPDATE instance_connection SET last_success_at = ?, last_error = NULL, last_error_at = NULL,
                            state = CASE WHEN state = 'FAILING' THEN 'CONNECTED' ELSE state END
                        WHERE instance_id = ?""")
                .params(now.atOffset(ZoneOffset.UTC), instanceId).update();
    }

    /** Records a failed call; a refused token makes the connection FAILING until the operator connects again. */
    void failed(long instanceId, String reason, boolean tokenRefused, Instant now) {
        jdbc.sql("""
                        UPDATE instance_connection SET last_error = ?, last_error_at = ?,
                            state = CASE WHEN ? AND state = 'CONNECTED' THEN 'FAILING' ELSE state END
                        WHERE instance_id = ?""")
                .params(reason, now.atOffset(ZoneOffset.UTC), tokenRefused, instanceId).update();
    }

    private static String context(long instanceId) {
        return "instance:" + instanceId + ":admin-token";
    }

    private static Connection map(ResultSet rs, int row) throws SQLException {
        return new Connection(rs.getLong("instance_id"), Connection.State.valueOf(rs.getString("state")),
                Software.valueOf(rs.getString("software")), rs.getString("software_version"),
                rs.getString("token_scopes"), rs.getString("admin_username"), instant(rs, "connected_at"),
                instant(rs, "last_success_at"), rs.getString("last_error"), instant(rs, "last_error_at"));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
