package social.upkeep.instance.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import social.upkeep.instance.FediverseAccount;
import social.upkeep.instance.NoticeAccounts.NoticeAccount;
import social.upkeep.instance.Software;
import social.upkeep.shared.SecretBox;

/** Each server's notice account: who it is and its sealed token. */
@Repository
public class NoticeAccountStore {

    private final JdbcClient jdbc;
    private final SecretBox secrets;

    NoticeAccountStore(JdbcClient jdbc, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    public Optional<NoticeAccount> find(long instanceId) {
        return jdbc.sql("SELECT * FROM notice_account WHERE instance_id = ?").param(instanceId)
                .query((rs, row) -> new NoticeAccount(rs.getString("account_id"), rs.getString("username"),
                        Software.valueOf(rs.getString("software")),
                        rs.getObject("connected_at", OffsetDateTime.class).toInstant()))
                .optional();
    }

    public Optional<String> token(long instanceId) {
        return jdbc.sql("SELECT token_sealed FROM notice_account WHERE instance_id = ?").param(instanceId)
                .query(String.class).optional().map(sealed -> secrets.open(sealed, context(instanceId)));
    }

    public void save(long instanceId, Software software, FediverseAccount account, String token, Instant now) {
        jdbc.sql("""
                        INSERT INTO notice_account (instance_id, software, account_id, username, token_sealed,
                            connected_at) VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (instance_id) DO UPDATE SET software = excluded.software,
                            account_id = excluded.account_id, username = excluded.username,
                            token_sealed = excluded.token_sealed, connected_at = excluded.connected_at""")
                .params(instanceId, software.name(), account.id(), account.username(),
                        secrets.seal(token, context(instanceId)), now.atOffset(ZoneOffset.UTC))
                .update();
    }

    public void delete(long instanceId) {
        jdbc.sql("DELETE FROM notice_account WHERE instance_id = ?").param(instanceId).update();
    }

    /** Binds each sealed token to its server, so a row copied to another server does not open. */
    private static String context(long instanceId) {
        return "instance:" + instanceId + ":notice-token";
    }
}
