package social.upkeep.signin;

import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.oauth2.client.authentication.OAuth2LoginAuthenticationProvider;
import org.springframework.security.oauth2.client.web.OAuth2LoginAuthenticationFilter;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.stereotype.Component;
import social.upkeep.shared.Outbound;
import social.upkeep.signin.internal.SignInParts;

/**
 * Adds fediverse sign-in to the security filter chain: Spring Security's OAuth 2 login with registrations made
 * per host, PKCE, the token exchange through the outbound client, and no token kept after sign-in.
 */
@Component
public class SignInFlows {

    /** Where every server sends people back to; registered with each app. */
    public static final String CALLBACK = "/signin/fediverse/callback";

    private final SignInParts parts;
    private final Outbound outbound;

    SignInFlows(SignInParts parts, Outbound outbound) {
        this.parts = parts;
        this.outbound = outbound;
    }

    public void configure(HttpSecurity http) throws Exception {
        var tokens = new RestClientAuthorizationCodeTokenResponseClient();
        tokens.setRestClient(outbound.client().mutate()
                .messageConverters(converters -> {
                    converters.clear();
                    converters.add(new FormHttpMessageConverter());
                    converters.add(new OAuth2AccessTokenResponseHttpMessageConverter());
                })
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build());
        ClientRegistrationRepository registrations = parts.registrations();
        OAuth2UserService<OAuth2UserRequest, OAuth2User> users = parts.users();
        http.oauth2Login(login -> login
                .loginPage("/signin")
                .clientRegistrationRepository(registrations)
                .authorizedClientRepository(parts.nothingKept())
                .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(parts.requests()))
                .loginProcessingUrl(CALLBACK)
                .tokenEndpoint(endpoint -> endpoint.accessTokenResponseClient(tokens))
                .userInfoEndpoint(info -> info.userService(users))
                .successHandler(parts.ends())
                .failureHandler(parts.ends())
                // The chain's own manager knows only passwords; this filter gets one that knows OAuth 2 login.
                .withObjectPostProcessor(new ObjectPostProcessor<OAuth2LoginAuthenticationFilter>() {
                    @Override
                    public <O extends OAuth2LoginAuthenticationFilter> O postProcess(O filter) {
                        filter.setAuthenticationManager(
                                new ProviderManager(new OAuth2LoginAuthenticationProvider(tokens, users)));
                        return filter;
                    }
                }));
    }
}
