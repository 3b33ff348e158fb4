package social.upkeep.signin.internal;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.stereotype.Component;
import social.upkeep.instance.FediverseServers;
import social.upkeep.instance.OAuthApp;

/**
 * Spring Security's client registrations, built from the apps Upkeep registered on each host. The purpose in
 * the id decides the scopes: the admin scopes only for connecting, the narrow sign-in scope for everyone else.
 */
@Component
class FediverseRegistrations implements ClientRegistrationRepository {

    private final FediverseServers servers;

    FediverseRegistrations(FediverseServers servers) {
        this.servers = servers;
    }

    @Override
    public @Nullable ClientRegistration findByRegistrationId(String registrationId) {
        return StartedFlow.parse(registrationId)
                .flatMap(parsed -> servers.app(parsed.appId()).map(app -> registration(registrationId, parsed, app)))
                .orElse(null);
    }

    private static ClientRegistration registration(String id, StartedFlow.Parsed parsed, OAuthApp app) {
        String scopes = switch (parsed.purpose()) {
            case CONNECT -> FediverseServers.connectScopes(app.software());
            case POSTING -> FediverseServers.postingScopes(app);
            case OPERATOR, SUPPORTER -> app.signInScopes();
        };
        return ClientRegistration.withRegistrationId(id)
                .clientId(app.clientId())
                .clientSecret(app.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(app.redirectUri().toString())
                .scope(Arrays.asList(scopes.split(" ")))
                .authorizationUri(app.authorizationEndpoint().toString())
                .tokenUri(app.tokenEndpoint().toString())
                .userNameAttributeName("handle")
                .clientName(app.host())
                .build();
    }
}
