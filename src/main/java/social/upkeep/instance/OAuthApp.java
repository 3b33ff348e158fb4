package social.upkeep.instance;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * The OAuth app Upkeep holds on a Mastodon-compatible host. {@code profileScope}: the server knows the narrow
 * {@code profile} scope (Mastodon 4.3+); otherwise sign-in asks for {@code read:accounts}.
 */
public record OAuthApp(long id, String host, Software software, @Nullable String softwareVersion, String clientId, String clientSecret, String scopes,
        URI redirectUri, URI authorizationEndpoint, URI tokenEndpoint, URI revocationEndpoint, boolean profileScope) {

    /** What sign-in asks for: who the person is, nothing more. */
    public String signInScopes() {
        return profileScope ? "profile" : "read:accounts";
    }

    @Override
    public String toString() {
        return "OAuthApp[" + host + ", " + clientId + "]";
    }
}
