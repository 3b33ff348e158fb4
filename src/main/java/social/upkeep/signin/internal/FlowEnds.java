package social.upkeep.signin.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.SessionFlashMapManager;

/** Where a flow ends: back to the page it started from, with a notice or a problem in plain words. */
public final class FlowEnds implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

    /** Spring Security's error codes people can meet, and what to tell them. */
    private static final Set<String> EXPIRED = Set.of("authorization_request_not_found", "invalid_state_parameter",
            "invalid_redirect_uri_parameter", "client_registration_not_found");
    private static final Logger log = LoggerFactory.getLogger(FlowEnds.class);
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    private final SessionFlashMapManager flash = new SessionFlashMapManager();

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication) throws IOException {
        StartedFlow flow = StartedFlow.of(request).orElseThrow();
        String notice = "signin.welcome";
        if (flow.purpose().keepsWhoStarted() && flow.previous() != null) {
            // Connecting proves the admin's account, granting proves the notice account's; whoever started it
            // stays who they were.
            var context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(flow.previous());
            SecurityContextHolder.setContext(context);
            contexts.saveContext(context, request, response);
            notice = flow.purpose() == StartedFlow.Purpose.CONNECT ? "connection.connected" : "posting.account.granted";
        }
        redirect(request, response, flow.successUrl(), "notice", notice);
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        String url = StartedFlow.of(request).map(StartedFlow::failureUrl).orElse("/signin/supporter");
        if (exception instanceof OAuth2AuthenticationException oauth) {
            // The error code only: descriptions may quote what the server sent.
            log.info("Fediverse sign-in failed: {}", oauth.getError().getErrorCode());
        } else {
            log.warn("Fediverse sign-in failed", exception);
        }
        redirect(request, response, url, "problem", reason(exception));
    }

    static String reason(AuthenticationException exception) {
        if (!(exception instanceof OAuth2AuthenticationException oauth)) {
            return "signin.failed.other";
        }
        String code = oauth.getError().getErrorCode();
        if (code.startsWith("fediverse.refused.") || code.startsWith("outbound.failure.")
                || code.startsWith("signin.failed.")) {
            return code;
        }
        if (EXPIRED.contains(code)) {
            return "signin.failed.expired";
        }
        return switch (code) {
            case "access_denied" -> "signin.failed.denied";
            case "invalid_grant" -> "signin.failed.grant";
            case "invalid_token_response", "invalid_client", "unauthorized_client", "invalid_request",
                    "invalid_scope" -> "signin.failed.token";
            default -> "signin.failed.other";
        };
    }

    private void redirect(HttpServletRequest request, HttpServletResponse response, String url, String key,
            String message) throws IOException {
        FlashMap map = new FlashMap();
        map.put(key, message);
        map.setTargetRequestPath(request.getContextPath() + url);
        flash.saveOutputFlashMap(map, request, response);
        response.sendRedirect(request.getContextPath() + url);
    }
}
