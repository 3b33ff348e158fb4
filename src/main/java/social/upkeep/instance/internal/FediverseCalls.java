package social.upkeep.instance.internal;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import social.upkeep.instance.Connection;
import social.upkeep.instance.FediverseAccount;
import social.upkeep.instance.FediverseServers;
import social.upkeep.instance.Instance;
import social.upkeep.instance.OAuthApp;
import social.upkeep.instance.ServerRefused;
import social.upkeep.instance.Software;

/** What {@link FediverseServers} needs from the network and the tables, kept behind the module's boundary. */
@Component
public class FediverseCalls {

    private static final Logger log = LoggerFactory.getLogger(FediverseCalls.class);

    private final ServerApi api;
    private final AppStore apps;
    private final ConnectionStore connections;

    FediverseCalls(ServerApi api, AppStore apps, ConnectionStore connections) {
        this.api = api;
        this.apps = apps;
        this.connections = connections;
    }

    public Optional<OAuthApp> app(String host) {
        return apps.find(host);
    }

    public Optional<OAuthApp> app(long id) {
        return apps.find(id);
    }

    public Optional<Instant> checkedAt(String host) {
        return apps.checkedAt(host);
    }

    public void markChecked(long appId, Instant now) {
        apps.markChecked(appId, now);
    }

    public boolean knowsClient(OAuthApp app) {
        return api.knowsClient(app);
    }

    public NodeInfoView nodeInfo(String host) {
        ServerJson.NodeInfo info = api.nodeInfo(host);
        return new NodeInfoView(info.software(), info.version());
    }

    public record NodeInfoView(Software software, String version) {
    }

    /**
     * Registers Upkeep's app on the host, with admin scopes when it is being connected, and with {@code
     * write:statuses} when a notice account is granted through it (Mastodon refuses scopes an app was not registered
     * with, so the app carries every scope any of its flows asks for).
     */
    public OAuthApp register(String host, URI redirectUri, boolean connect, boolean posting, Instant now) {
        ServerJson.NodeInfo info = api.nodeInfo(host);
        if (!info.software().mastodonCompatible()) {
            throw new ServerRefused("fediverse.refused.miauth", "Misskey servers sign in through MiAuth");
        }
        ServerJson.Discovery endpoints = api.discover(host);
        String signIn = endpoints.profileScope() ? "profile" : "read:accounts";
        String scopes = (connect ? FediverseServers.connectScopes(info.software())
                + (endpoints.profileScope() ? " profile" : "") : signIn)
                + (posting ? " " + FediverseServers.POSTING_SCOPE : "");
        URI registration = endpoints.registration() != null ? endpoints.registration()
                : api.origin(host).resolve("/api/v1/apps");
        ServerJson.Credentials credentials = api.register(registration, redirectUri, scopes,
                redirectUri.resolve("/").toString());
        return apps.save(host, info.software(), info.version(), credentials, scopes, redirectUri, endpoints, now);
    }

    public URI origin(String host) {
        return api.origin(host);
    }

    public String miAuthToken(String host, String session) {
        return api.miAuthToken(host, session);
    }

    public FediverseAccount misskeyAccount(String host, String token) {
        return api.misskeyAccount(host, token);
    }

    public void connectMisskey(long instanceId, FediverseAccount admin, String token, String scopes, Instant now) {
        ServerJson.NodeInfo info = api.nodeInfo(admin.host());
        connections.connect(instanceId, info.software(), info.version(), admin, token, scopes, now);
    }

    public FediverseAccount verify(OAuthApp app, String token) {
        return api.verify(app.host(), app.software(), token);
    }

    /** Whose token this is, on a Mastodon-compatible server ({@code verify_credentials}). */
    public FediverseAccount verify(String host, Software software, String token) {
        return api.verify(host, software, token);
    }

    public boolean revoke(OAuthApp app, String token) {
        return api.revoke(app, token);
    }

    public void connect(long instanceId, OAuthApp app, FediverseAccount admin, String token, String scopes,
            Instant now) {
        connections.connect(instanceId, app.software(), app.softwareVersion(), admin, token, scopes, now);
    }

    public Optional<Connection> connection(long instanceId) {
        return connections.find(instanceId);
    }

    public List<Connection> usableConnections() {
        return connections.usable();
    }

    public boolean disconnect(Instance instance) {
        Optional<String> token = connections.token(instance.id());
        Optional<OAuthApp> app = apps.find(instance.host());
        // MiAuth tokens have no revocation endpoint: the operator removes the app in Misskey's settings.
        boolean revoked = token.isEmpty() || (app.isPresent() && api.revoke(app.get(), token.get()));
        connections.disconnect(instance.id());
        return revoked;
    }

    public String webFingerHost(String user, String domain) {
        return api.webFingerHost(user, domain);
    }

    /** The actor URI WebFinger on {@code domain} names for {@code user@domain}. */
    public String webFingerActor(String user, String domain) {
        return api.webFingerActor(user, domain);
    }

    /** The server's own picture, if it has one that is an image Upkeep shows (see {@link LogoImage}). */
    public void refreshServerLogo(long instanceId, String host, Software software, ServerLooks looks) {
        try {
            api.thumbnail(host, software).map(api::image).flatMap(LogoImage::of)
                    .ifPresent(logo -> looks.saveServerLogo(instanceId, logo));
        } catch (ServerRefused e) {
            // A missing picture is no reason to call the connection broken.
            log.info("No logo from {}: {}", host, e.reason());
        }
    }

    public OptionalInt activeMonth(String host, Software software) {
        return api.activeMonth(host, software);
    }

    /** The opened admin token, for {@link social.upkeep.instance.AdminCalls} only. */
    public Optional<String> token(long instanceId) {
        return connections.token(instanceId);
    }

    public void succeeded(long instanceId, Instant now) {
        connections.succeeded(instanceId, now);
    }

    public void failed(long instanceId, String reason, boolean tokenRefused, Instant now) {
        connections.failed(instanceId, reason, tokenRefused, now);
    }
}
