package social.upkeep.instance;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.web.util.UriComponentsBuilder;
import social.upkeep.instance.internal.FediverseCalls;
import social.upkeep.instance.internal.ServerLooks;

/**
 * Connecting servers and knowing who signs in from them. Holds one OAuth app per host (registered on first
 * use, re-registered when the server forgot it or Upkeep needs wider scopes) and each server's sealed admin
 * token.
 */
@Service
public class FediverseServers {

    private static final Logger log = LoggerFactory.getLogger(FediverseServers.class);
    /** How long an app is trusted to still exist on its server before Upkeep asks again. */
    private static final Duration APP_CHECK_EVERY = Duration.ofDays(1);

    private final FediverseCalls calls;
    private final Instances instances;
    private final Clock clock;

    private final ServerLooks looks;

    FediverseServers(FediverseCalls calls, Instances instances, Clock clock, ServerLooks looks) {
        this.looks = looks;
        this.calls = calls;
        this.instances = instances;
        this.clock = clock;
    }

    /**
     * What the admin token may do: read accounts and use the admin account API, nothing broader. Misskey checks
     * each endpoint's own permission exactly (packages/backend/src/server/api/ApiCallService.ts against the
     * endpoint's {@code kind}): {@code admin/show-user} needs {@code read:admin:show-user}, the role lists
     * {@code read:admin:roles}, assigning {@code write:admin:roles}.
     */
    /** What posting needs on Mastodon-compatible servers, besides the sign-in scope that names the account. */
    public static final String POSTING_SCOPE = "write:statuses";

    /** What a notice account's grant asks for: posting, and knowing whose account it is (nothing more). */
    public static String postingScopes(OAuthApp app) {
        return POSTING_SCOPE + " " + app.signInScopes();
    }

    public static String connectScopes(Software software) {
        return switch (software) {
            // Mastodon changes roles only through tootctl: the admin API is read, never written.
            case MASTODON, GOTOSOCIAL -> "read:accounts admin:read:accounts";
            case AKKOMA -> "read:accounts admin:read:accounts admin:write:accounts";
            case MISSKEY -> "read:account,read:admin:roles,write:admin:roles,read:admin:show-user";
        };
    }

    /** Whether the connection was given fewer permissions than Upkeep now needs: connecting again fixes it. */
    public static boolean lacksPermissions(Connection connection) {
        return connection.tokenScopes() != null
                && !covers(connection.tokenScopes(), connectScopes(connection.software()));
    }

    private static final Pattern USER = Pattern.compile("^[a-z0-9_.-]{1,64}$");

    /**
     * The server someone means by what they typed: {@code @name@example.social} (found through WebFinger, as the
     * account's domain may not be its server's), {@code example.social} or a URL of it.
     */
    public String serverOf(String typed) {
        String input = Hosts.normalise(typed);
        input = input.startsWith("@") ? input.substring(1) : input;
        int at = input.indexOf('@');
        String user = at >= 0 ? input.substring(0, at) : null;
        String domain = at >= 0 ? input.substring(at + 1) : input;
        if (!Hosts.valid(domain) || (user != null && !USER.matcher(user).matches())) {
            throw new ServerRefused("fediverse.refused.bad-handle", "Not a handle or host");
        }
        return user == null ? domain : calls.webFingerHost(user, domain);
    }

    /** Which software a host runs, from its NodeInfo; unknown software is refused. */
    public Software software(String host) {
        return calls.app(host).map(OAuthApp::software).orElseGet(() -> calls.nodeInfo(host).software());
    }

    /** The app supporters and operators sign in through on a Mastodon-compatible host. */
    public OAuthApp appForSignIn(String host, URI redirectUri) {
        return app(host, redirectUri, false);
    }

    /** The app for connecting a server, with the admin scopes registered. */
    public OAuthApp appForConnect(long instanceId, URI redirectUri) {
        return app(instances.get(instanceId).host(), redirectUri, true);
    }

    /** The app a server's notice account is granted through, with {@value #POSTING_SCOPE} registered. */
    public OAuthApp appForPosting(long instanceId, URI redirectUri) {
        return app(instances.get(instanceId).host(), redirectUri, false, true);
    }

    public Optional<OAuthApp> app(long appId) {
        return calls.app(appId);
    }

    private OAuthApp app(String host, URI redirectUri, boolean connect) {
        return app(host, redirectUri, connect, false);
    }

    private OAuthApp app(String host, URI redirectUri, boolean connect, boolean posting) {
        Instant now = clock.instant();
        Optional<OAuthApp> known = calls.app(host);
        if (known.isPresent() && known.get().redirectUri().equals(redirectUri)
                && (!connect || covers(known.get().scopes(), connectScopes(known.get().software())))
                && (!posting || covers(known.get().scopes(), POSTING_SCOPE))) {
            boolean fresh = calls.checkedAt(host).map(at -> at.plus(APP_CHECK_EVERY).isAfter(now)).orElse(false);
            if (fresh || calls.knowsClient(known.get())) {
                calls.markChecked(known.get().id(), now);
                return known.get();
            }
            log.info("{} no longer knows Upkeep's app; registering again", host);
        }
        // A new registration keeps what the old one could do: connecting must not take posting away, nor the reverse.
        return calls.register(host, redirectUri, connect || known.filter(app -> covers(app.scopes(),
                connectScopes(app.software()))).isPresent(), posting || known.filter(app -> covers(app.scopes(),
                POSTING_SCOPE)).isPresent(), now);
    }

    private static boolean covers(String granted, String needed) {
        Set<String> have = new LinkedHashSet<>(Arrays.asList(granted.split("[ ,]+")));
        return have.containsAll(Arrays.asList(needed.split("[ ,]+")));
    }

    /**
     * Finishes connecting: the account behind the token must be allowed to manage users on the server, else the
     * token is revoked and the connection refused.
     */
    public FediverseAccount connect(long instanceId, OAuthApp app, String token, String grantedScopes) {
        Instance instance = instances.get(instanceId);
        if (!instance.host().equals(app.host())) {
            throw new ServerRefused("fediverse.refused.unexpected", "The app belongs to another host");
        }
        FediverseAccount account = calls.verify(app, token);
        if (!account.admin()) {
            revokeUnlessKept(app, token);
            throw new ServerRefused("fediverse.refused.not-admin", "The account may not manage users");
        }
        String needed = connectScopes(app.software());
        if (!grantedScopes.isBlank() && !covers(grantedScopes, needed)) {
            revokeUnlessKept(app, token);
            throw new ServerRefused("fediverse.refused.scopes", "The token lacks scopes Upkeep needs");
        }
        String scopes = String.join(" ", new TreeSet<>(
                Arrays.asList((grantedScopes.isBlank() ? needed : grantedScopes).split("[ ,]+"))));
        calls.connect(instanceId, app, account, token, scopes, clock.instant());
        refreshActiveUsers(instanceId);
        return account;
    }

    /** The account signing in as an operator: checked again every time, so a demoted admin loses access. */
    public FediverseAccount operator(long instanceId, OAuthApp app, String token) {
        Instance instance = instances.get(instanceId);
        if (!instance.host().equals(app.host()) || connection(instanceId).filter(Connection::usable).isEmpty()) {
            throw new ServerRefused("fediverse.refused.not-connected", "The server is not connected");
        }
        FediverseAccount account = calls.verify(app, token);
        revokeUnlessKept(app, token); // sign-in needs the token only to ask who this is
        if (!account.admin()) {
            throw new ServerRefused("fediverse.refused.not-admin", "The account may not manage users");
        }
        return account;
    }

    /** Who signs in; the token is revoked once the answer is in, since Upkeep keeps nothing of it. */
    public FediverseAccount supporter(OAuthApp app, String token) {
        FediverseAccount account = calls.verify(app, token);
        revokeUnlessKept(app, token);
        return vouched(account);
    }

    /**
     * Revokes a token Upkeep needed once, unless it is the connection's own: Akkoma and Pleroma hand the same person
     * authorising the same app their existing token again (o_auth_controller.ex, maybe_reuse_token; see
     * DESIGN.md section 7), so an admin signing in would otherwise revoke the token role sync works with.
     */
    private void revokeUnlessKept(OAuthApp app, String token) {
        boolean kept = instances.findByHost(app.host()).flatMap(instance -> calls.token(instance.id()))
                .filter(token::equals).isPresent();
        if (!kept) {
            calls.revoke(app, token);
        }
    }

    /**
     * A server can vouch only for its own accounts: the actor URI it names must use the server's own scheme
     * (https) and be on its host, or, for a server whose accounts carry another domain, be the actor WebFinger on
     * that host names for the handle. Anything else (another server's actor, a {@code javascript:} URI) refuses
     * the sign-in before anything is recorded.
     */
    private FediverseAccount vouched(FediverseAccount account) {
        URI origin = calls.origin(account.host());
        URI actor;
        try {
            actor = URI.create(account.actorUri());
        } catch (IllegalArgumentException e) {
            throw foreign(account);
        }
        if (!origin.getScheme().equals(actor.getScheme()) || actor.getHost() == null) {
            throw foreign(account);
        }
        if (actor.getHost().equalsIgnoreCase(account.host())
                || account.actorUri().equals(calls.webFingerActor(account.username(), account.host()))) {
            return account;
        }
        throw foreign(account);
    }

    private static ServerRefused foreign(FediverseAccount account) {
        log.warn("{} named an actor that is not its own; sign-in refused", account.host());
        return new ServerRefused("signin.failed.foreign-account", "The server vouched for an account not its own");
    }

    /**
     * Where to send someone to grant Upkeep access on a Misskey server through MiAuth. The session id is random
     * and kept in their Upkeep session, which makes it MiAuth's {@code state}.
     */
    /** Misskey's permissions for a notice account: composing notes (kind {@code write:notes}) and reading itself. */
    public static final String MISSKEY_POSTING = "write:notes,read:account";

    public URI miAuthUrl(String host, String session, URI callback, boolean connect) {
        return miAuthUrl(host, session, callback, connect ? connectScopes(Software.MISSKEY) : "read:account");
    }

    /** Where a Misskey user grants {@code permission} (comma-separated) to Upkeep. */
    public URI miAuthUrl(String host, String session, URI callback, String permission) {
        return UriComponentsBuilder.fromUri(calls.origin(host))
                .path("/miauth/{session}").queryParam("name", "Upkeep").queryParam("callback", callback)
                .queryParam("permission", permission).encode().buildAndExpand(session).toUri();
    }

    /** Finishes MiAuth: the account that granted it, and its token. */
    public MiAuthGrant miAuth(String host, String session) {
        String token = calls.miAuthToken(host, session);
        return new MiAuthGrant(calls.misskeyAccount(host, token), token);
    }

    public record MiAuthGrant(FediverseAccount account, String token) {
        @Override
        public String toString() {
            return "MiAuthGrant[" + account.handle() + "]";
        }
    }

    /** Connects a Misskey server with a MiAuth token, if its account is an administrator there. */
    public FediverseAccount connectMisskey(long instanceId, MiAuthGrant grant) {
        if (!instances.get(instanceId).host().equals(grant.account().host())) {
            throw new ServerRefused("fediverse.refused.unexpected", "The grant comes from another host");
        }
        if (!grant.account().admin()) {
            throw new ServerRefused("fediverse.refused.not-admin", "The account is not an administrator");
        }
        calls.connectMisskey(instanceId, grant.account(), grant.token(), connectScopes(Software.MISSKEY),
                clock.instant());
        refreshActiveUsers(instanceId);
        return grant.account();
    }

    /** An operator signing in through MiAuth: an administrator of the connected server, checked every time. */
    public FediverseAccount misskeyOperator(long instanceId, MiAuthGrant grant) {
        Instance instance = instances.get(instanceId);
        if (!instance.host().equals(grant.account().host())
                || connection(instanceId).filter(Connection::usable).isEmpty()) {
            throw new ServerRefused("fediverse.refused.not-connected", "The server is not connected");
        }
        if (!grant.account().admin()) {
            throw new ServerRefused("fediverse.refused.not-admin", "The account is not an administrator");
        }
        return grant.account();
    }

    public Optional<Connection> connection(long instanceId) {
        return calls.connection(instanceId);
    }

    /** The connected server whose host this is, if any: accounts there can receive roles later. */
    public Optional<Instance> connectedServer(String host) {
        return instances.findByHost(host)
                .filter(instance -> connection(instance.id()).filter(Connection::usable).isPresent());
    }

    /** Revokes the admin token on the server and wipes it here; false when the server could not be told. */
    public boolean disconnect(long instanceId) {
        return calls.disconnect(instances.get(instanceId));
    }

    /** Reads monthly active users from each connected server; one failing server does not stop the rest. */
    public void refreshActiveUsers() {
        calls.usableConnections().forEach(connection -> refreshActiveUsers(connection.instanceId()));
    }

    private void refreshActiveUsers(long instanceId) {
        Instance instance = instances.get(instanceId);
        Connection connection = connection(instanceId).orElseThrow();
        try {
            OptionalInt active = calls.activeMonth(instance.host(), connection.software());
            if (active.isPresent()) {
                instances.recordActiveUsers(instanceId, active.getAsInt());
            }
            calls.refreshServerLogo(instanceId, instance.host(), connection.software(), looks);
            calls.succeeded(instanceId, clock.instant());
        } catch (ServerRefused e) {
            log.warn("Reading active users from {} failed: {}", instance.host(), e.reason());
            calls.failed(instanceId, e.reason(), false, clock.instant());
        }
    }
}
