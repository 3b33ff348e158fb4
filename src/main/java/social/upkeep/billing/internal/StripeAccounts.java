package social.upkeep.billing.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import social.upkeep.shared.SecretBox;

/** Each server's Stripe keys, sealed, and what Upkeep learned from Stripe about the account. */
@Repository
class StripeAccounts {

    /** Secret and restricted keys: {@code sk_test_...}, {@code rk_live_...}. */
    static final Pattern SECRET_KEY = Pattern.compile("^(sk|rk)_(test|live)_[A-Za-z0-9]{16,247}$");
    static final Pattern WEBHOOK_SECRET = Pattern.compile("^whsec_[A-Za-z0-9+/=]{16,200}$");

    /** How long a node trusts its copy of a signing secret. */
    static final Duration SIGNING_CACHE = Duration.ofMinutes(1);
    /**
     * A signature that fails re-reads the secret (another node may have saved a new one), but at most this often
     * per server: otherwise every forged delivery would cost a database read and a decryption.
     */
    static final Duration SIGNING_REFRESH = Duration.ofSeconds(10);

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final Clock clock;
    private final EnvironmentKeys environment;
    private final ConcurrentMap<Long, Signing> signing = new ConcurrentHashMap<>();
    private final Set<Long> adopted = ConcurrentHashMap.newKeySet();

    /** What checking a webhook needs: the signing secret and the mode of the account's key. */
    record Signing(Optional<String> secret, boolean livemode, Instant readAt) {
        @Override
        public String toString() {
            return "Signing[" + (livemode ? "live" : "test") + "]";
        }
    }

    StripeAccounts(JdbcClient jdbc, SecretBox secrets, Clock clock, EnvironmentKeys environment) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.clock = clock;
        this.environment = environment;
    }

    /**
     * With keys in the environment and one server, that server's keys are the environment's: stored (sealed)
     * the first time they are needed, and again when the environment's key changed.
     */
    private void adoptEnvironmentKeys(long instanceId) {
        // Environment variables are fixed for the process: once adopted, every Stripe call skips the check.
        if (environment.secretKey().isEmpty() || adopted.contains(instanceId)
                || jdbc.sql("SELECT count(*) FROM instance").query(Integer.class).single() != 1
                || !jdbc.sql("SELECT EXISTS (SELECT 1 FROM instance WHERE id = ?)").param(instanceId)
                        .query(Boolean.class).single()) {
            return;
        }
        Optional<String> stored = jdbc.sql("SELECT secret_key_sealed FROM stripe_account WHERE instance_id = ?")
                .param(instanceId).query(String.class).optional()
                .map(sealed -> secrets.open(sealed, context(instanceId, "secret-key")));
        if (stored.isEmpty() || !stored.get().equals(environment.secretKey().get())) {
            saveKeys(instanceId, environment.secretKey().get(), environment.webhookSecret().orElse(null));
        }
        adopted.add(instanceId);
    }

    static boolean live(String secretKey) {
        return secretKey.startsWith("sk_live_") || secretKey.startsWith("rk_live_");
    }

    Optional<StripeAccount> find(long instanceId) {
        adoptEnvironmentKeys(instanceId);
        return jdbc.sql("SELECT * FROM stripe_account WHERE instance_id = ?").param(instanceId)
                .query((rs, row) -> {
                    String currency = rs.getString("settlement_currency");
                    OffsetDateTime checked = rs.getObject("checked_at", OffsetDateTime.class);
                    return new StripeAccount(instanceId, rs.getBoolean("livemode"),
                            rs.getString("webhook_secret_sealed") != null, rs.getString("account_id"),
                            currency == null ? null : Currency.getInstance(currency.toUpperCase(Locale.ROOT)),
                            checked == null ? null : checked.toInstant());
                }).optional();
    }

    Optional<String> secretKey(long instanceId) {
        adoptEnvironmentKeys(instanceId);
        return jdbc.sql("SELECT secret_key_sealed FROM stripe_account WHERE instance_id = ?").param(instanceId)
                .query(String.class).optional().map(sealed -> secrets.open(sealed, context(instanceId, "secret-key")));
    }

    /**
     * The signing secret and mode for a server's webhooks, kept in memory for a minute: webhook intake is the
     * hottest path and needs them on every delivery. {@code fresh} asks for them again after a failed signature,
     * in case another node saved a new secret; they are read again only when the copy is older than
     * {@link #SIGNING_REFRESH}.
     */
    Signing signing(long instanceId, boolean fresh) {
        Signing cached = signing.get(instanceId);
        Duration trusted = fresh ? SIGNING_REFRESH : SIGNING_CACHE;
        if (cached != null && cached.readAt().plus(trusted).isAfter(clock.instant())) {
            return cached;
        }
        adoptEnvironmentKeys(instanceId);
        Signing read = jdbc.sql("SELECT webhook_secret_sealed, livemode FROM stripe_account WHERE instance_id = ?")
                .param(instanceId)
                .query((rs, row) -> new Signing(Optional.ofNullable(rs.getString(1))
                        .map(sealed -> secrets.open(sealed, context(instanceId, "webhook-secret"))),
                        rs.getBoolean(2), clock.instant()))
                .optional().orElseGet(() -> new Signing(Optional.empty(), false, clock.instant()));
        signing.put(instanceId, read);
        return read;
    }

    /** Saves new keys; a blank webhook secret keeps the one stored. A new key forgets what the last check learned. */
    @Transactional
    void saveKeys(long instanceId, String secretKey, @Nullable String webhookSecret) {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        String sealedKey = secrets.seal(secretKey, context(instanceId, "secret-key"));
        String sealedHook = webhookSecret == null ? null
                : secrets.seal(webhookSecret, context(instanceId, "webhook-secret"));
        jdbc.sql("""
                        INSERT INTO stripe_account (instance_id, secret_key_sealed, webhook_secret_sealed, livemode,
                            updated_at)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (instance_id) DO UPDATE SET secret_key_sealed = excluded.secret_key_sealed,
                            webhook_secret_sealed = COALESCE(excluded.webhook_secret_sealed,
                                stripe_account.webhook_secret_sealed),
                            livemode = excluded.livemode, account_id = NULL, settlement_currency = NULL,
                            checked_at = NULL, updated_at = excluded.updated_at""")
                .params(instanceId, sealedKey, sealedHook, live(secretKey), now).update();
        signing.remove(instanceId);
    }

    boolean usedElsewhere(long instanceId, String accountId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM stripe_account WHERE account_id = ? AND instance_id <> ?)")
                .params(accountId, instanceId).query(Boolean.class).single();
    }

    void saveWebhookSecret(long instanceId, String webhookSecret) {
        jdbc.sql("UPDATE stripe_account SET webhook_secret_sealed = ?, updated_at = ? WHERE instance_id = ?")
                .params(secrets.seal(webhookSecret, context(instanceId, "webhook-secret")),
                        clock.instant().atOffset(ZoneOffset.UTC), instanceId)
                .update();
        signing.remove(instanceId);
    }

    void checked(long instanceId, String accountId, String settlementCurrency) {
        jdbc.sql("""
                        UPDATE stripe_account SET account_id = ?, settlement_currency = ?, checked_at = ?
                        WHERE instance_id = ?""")
                .params(accountId, settlementCurrency.toUpperCase(Locale.ROOT),
                        clock.instant().atOffset(ZoneOffset.UTC), instanceId)
                .update();
    }

    private static String context(long instanceId, String what) {
        return "instance:" + instanceId + ":stripe-" + what;
    }
}
