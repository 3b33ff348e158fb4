package social.upkeep.operator.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.function.Supplier;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import social.upkeep.notification.MailOutbox;
import social.upkeep.notification.MailTemplates;
import social.upkeep.shared.Authorities;
import social.upkeep.signin.SignInFlows;
import social.upkeep.shared.ReturnPaths;

/**
 * The security baseline every page gets: deny unless allowed, CSRF on every form, strict headers, and
 * password sign-in for the owner behind a throttle.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    /** No inline scripts or styles, nothing from elsewhere, no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** The widget is the one page other sites may frame; it is public and has no forms. */
    @Bean
    @Order(1)
    SecurityFilterChain widget(HttpSecurity http) throws Exception {
        http
                .securityMatcher("/servers/*/widget")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .securityContext(context -> context.disable())
                .sessionManagement(session -> session.disable())
                .requestCache(cache -> cache.disable())
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers
                        .frameOptions(frame -> frame.disable())
                        .contentSecurityPolicy(csp -> csp.policyDirectives(
                                CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "frame-ancestors *")))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    /**
     * The unsubscribe link of mail: public, without a session, and without CSRF tokens, because mail clients
     * POST to it from outside (RFC 8058); its own MAC token is what guards it.
     */
    @Bean
    @Order(1)
    SecurityFilterChain unsubscribe(HttpSecurity http) throws Exception {
        http
                .securityMatcher("/mail/unsubscribe")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .securityContext(context -> context.disable())
                .sessionManagement(session -> session.disable())
                .requestCache(cache -> cache.disable())
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)));
        return http.build();
    }

    /**
     * Metrics are for the cluster's scraper, never the public: {@code /actuator/prometheus} answers a request that
     * carries {@code Authorization: Bearer} with the configured token (compared in constant time), and no one at
     * all while no token is configured. No session, no cookie.
     */
    @Bean
    @Order(1)
    SecurityFilterChain metrics(HttpSecurity http, @Value("${upkeep.metrics.token:}") String token) throws Exception {
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        http
                .securityMatcher("/actuator/prometheus", "/actuator/prometheus/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().access((authentication, context) ->
                        new AuthorizationDecision(!token.isBlank() && MessageDigest.isEqual(expected,
                                String.valueOf(context.getRequest().getHeader("Authorization"))
                                        .getBytes(StandardCharsets.UTF_8)))))
                .securityContext(context -> context.disable())
                .sessionManagement(session -> session.disable())
                .requestCache(cache -> cache.disable())
                .csrf(csrf -> csrf.disable())
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED))
                        .accessDeniedHandler((request, response, denied) ->
                                response.sendError(HttpStatus.UNAUTHORIZED.value())));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain web(HttpSecurity http, AuthenticationManager authenticationManager, SignInFlows fediverse,
            @Value("${upkeep.stripe.api-base:https://api.stripe.com}") String stripeApi) throws Exception {
        String leadsElsewhere = leadsElsewhere(stripeApi);
        var failures = new ExceptionMappingAuthenticationFailureHandler();
        failures.setDefaultFailureUrl("/signin?error");
        failures.setExceptionMappings(Map.of(
                SignInThrottle.SignInLocked.class.getName(), "/signin?locked",
                SignInThrottle.SignInSlowedDown.class.getName(), "/signin?wait"));
        http
                .authenticationManager(authenticationManager)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/", "/setup", "/signin", "/signin/**", "/error", "/css/**", "/favicon.ico",
                                "/favicon.svg", "/robots.txt")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/servers/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/invitations/*").permitAll()
                        .requestMatchers("/invitations/*").hasRole("SUPPORTER")
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers("/me", "/support/**").hasRole("SUPPORTER")
                        .requestMatchers("/operator").hasAnyRole("OWNER", "OPERATOR")
                        .requestMatchers("/operator/servers/{id}/**").access(SecurityConfig::ownerOrOperatorOf)
                        .requestMatchers("/operator/**").hasRole("OWNER")
                        .anyRequest().authenticated())
                .formLogin(form -> form
                        .loginPage("/signin")
                        .usernameParameter("email")
                        .defaultSuccessUrl("/operator", false)
                        .failureHandler(failures))
                // Supporters are sent to their own sign-in page, everyone else to the operators' one, which
                // returns them to the page they asked for (the request cache keeps it).
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor(SecurityConfig::toSupporterSignIn,
                                new OrRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher("/me"),
                                        PathPatternRequestMatcher.withDefaults().matcher("/me/**"),
                                        PathPatternRequestMatcher.withDefaults().matcher("/support/**")))
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/signin"),
                                AnyRequestMatcher.INSTANCE))
                .logout(logout -> logout
                        .logoutUrl("/signout")
                        .logoutSuccessUrl("/signin?signedout")
                        .deleteCookies("UPKEEP_SESSION"))
                .headers(headers -> headers
                        .addHeaderWriter((request, response) -> contentSecurityPolicy(request, response, leadsElsewhere))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                        .permissionsPolicyHeader(permissions -> permissions
                                .policy("camera=(), microphone=(), geolocation=(), payment=()")));
        fediverse.configure(http);
        return http.build();
    }

    /**
     * A supporter who was going to a support page (with the choice it carries) signs in and comes back to it;
     * only such paths are carried ({@link ReturnPaths}), and only for a page they opened (GET).
     */
    private static void toSupporterSignIn(jakarta.servlet.http.HttpServletRequest request,
            jakarta.servlet.http.HttpServletResponse response,
            org.springframework.security.core.AuthenticationException exception) throws java.io.IOException {
        String wanted = request.getServletPath() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        response.sendRedirect(request.getContextPath() + ReturnPaths.withNext("/signin/supporter",
                "GET".equals(request.getMethod()) ? wanted : null));
    }

    /**
     * Pages whose forms lead elsewhere: sign-in and connecting (the fediverse server), giving and the naming step
     * before paying (Stripe Checkout, on Stripe's or the operator's own checkout domain), and "my support" (Stripe's
     * customer portal). A real browser refuses such a redirect without this; an HTTP client in a test does not.
     */
    private static final RequestMatcher STARTS_FLOWS_ELSEWHERE = new OrRequestMatcher(
            PathPatternRequestMatcher.withDefaults().matcher("/signin"),
            PathPatternRequestMatcher.withDefaults().matcher("/signin/supporter"),
            PathPatternRequestMatcher.withDefaults().matcher("/operator/servers/{id}/connection"),
            PathPatternRequestMatcher.withDefaults().matcher("/support/{host}"),
            PathPatternRequestMatcher.withDefaults().matcher("/support/{host}/checkout"),
            PathPatternRequestMatcher.withDefaults().matcher("/me"));

    /**
     * Where those forms may lead: any https origin, and Stripe's API origin when it is not https (a local
     * stripe-mock or the tests' WireMock, whose Checkout pages live there too).
     */
    static String leadsElsewhere(String stripeApi) {
        URI api = URI.create(stripeApi);
        boolean plain = "http".equalsIgnoreCase(api.getScheme()) && api.getHost() != null;
        return "form-action 'self' https:" + (plain
                ? " http://" + api.getHost() + (api.getPort() < 0 ? "" : ":" + api.getPort()) : "");
    }

    /**
     * Browsers apply {@code form-action} to the redirects after a form is sent, so the forms that send people to
     * their server or to Stripe may lead to any https origin; every other page keeps {@code 'self'}.
     */
    private static void contentSecurityPolicy(HttpServletRequest request, HttpServletResponse response,
            String leadsElsewhere) {
        if (!response.containsHeader("Content-Security-Policy")) {
            response.setHeader("Content-Security-Policy", STARTS_FLOWS_ELSEWHERE.matches(request)
                    ? CONTENT_SECURITY_POLICY.replace("form-action 'self'", leadsElsewhere)
                    : CONTENT_SECURITY_POLICY);
        }
    }

    /** The owner sees every server; an operator who signed in through a server sees only that one. */
    private static AuthorizationResult ownerOrOperatorOf(Supplier<? extends Authentication> authentication,
            RequestAuthorizationContext request) {
        Authentication who = authentication.get();
        if (who == null || !who.isAuthenticated()) {
            return new AuthorizationDecision(false);
        }
        boolean owner = who.getAuthorities().stream().anyMatch(a -> "ROLE_OWNER".equals(a.getAuthority()));
        String server = request.getVariables().get("id");
        boolean operator = server != null && server.matches("\\d{1,18}") && Authorities.operatedServer(who)
                .filter(id -> id == Long.parseLong(server)).isPresent();
        return new AuthorizationDecision(owner || operator);
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** The owner, found by email. Not a bean, so nothing signs in around the throttle. */
    private static UserDetailsService ownerDetails(Owners owners) {
        return email -> owners.find(email)
                .map(owner -> User.withUsername(owner.email())
                        .password(owner.passwordHash())
                        .authorities(AuthorityUtils.createAuthorityList("ROLE_OWNER"))
                        .build())
                .orElseThrow(() -> new UsernameNotFoundException("No such account"));
    }

    @Bean
    AuthenticationManager authenticationManager(PasswordEncoder passwordEncoder,
            SignInThrottle throttle, Owners owners, MailOutbox outbox, MailTemplates templates, Clock clock,
            SignInSettings settings) {
        var passwords = new DaoAuthenticationProvider(ownerDetails(owners));
        passwords.setPasswordEncoder(passwordEncoder);
        return new ProviderManager(List.of(
                new ThrottledAuthentication(passwords, throttle, owners, outbox, templates, clock, settings.lockFor())));
    }
}
