package social.upkeep.signin.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.stereotype.Component;

/** The pieces {@link social.upkeep.signin.SignInFlows} plugs into Spring Security. */
@Component
public class SignInParts {

    private final FediverseRegistrations registrations;
    private final FediverseUsers users;
    private final FlowEnds ends = new FlowEnds();

    SignInParts(FediverseRegistrations registrations, FediverseUsers users) {
        this.registrations = registrations;
        this.users = users;
    }

    public ClientRegistrationRepository registrations() {
        return registrations;
    }

    public OAuth2UserService<OAuth2UserRequest, OAuth2User> users() {
        return users;
    }

    public OAuth2AuthorizationRequestResolver requests() {
        return new GuardedAuthorizationRequests(registrations);
    }

    public FlowEnds ends() {
        return ends;
    }

    /** Sign-in tokens are not kept anywhere (the connection keeps its own, sealed). */
    public OAuth2AuthorizedClientRepository nothingKept() {
        return new OAuth2AuthorizedClientRepository() {
            @Override
            public <T extends OAuth2AuthorizedClient> @Nullable T loadAuthorizedClient(String registrationId,
                    Authentication principal, HttpServletRequest request) {
                return null;
            }

            @Override
            public void saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal,
                    HttpServletRequest request, HttpServletResponse response) {
                // nothing kept
            }

            @Override
            public void removeAuthorizedClient(String registrationId, Authentication principal,
                    HttpServletRequest request, HttpServletResponse response) {
                // nothing kept
            }
        };
    }
}
