package social.upkeep.signin.internal;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/**
 * Sends someone to a server's authorisation page (with {@code state} and PKCE S256) only for the flow they
 * started through Upkeep's own forms: a link to {@code /oauth2/authorization/connect-...} from elsewhere does
 * nothing.
 */
final class GuardedAuthorizationRequests implements OAuth2AuthorizationRequestResolver {

    static final String BASE_URI = "/oauth2/authorization";
    private final DefaultOAuth2AuthorizationRequestResolver resolver;

    GuardedAuthorizationRequests(ClientRegistrationRepository registrations) {
        this.resolver = new DefaultOAuth2AuthorizationRequestResolver(registrations, BASE_URI);
        this.resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
    }

    @Override
    public @Nullable OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith(BASE_URI + "/")) {
            return null;
        }
        return resolve(request, path.substring(BASE_URI.length() + 1));
    }

    @Override
    public @Nullable OAuth2AuthorizationRequest resolve(HttpServletRequest request, String registrationId) {
        boolean started = StartedFlow.of(request).filter(flow -> flow.registrationId().equals(registrationId))
                .isPresent();
        return started ? resolver.resolve(request, registrationId) : null;
    }
}
