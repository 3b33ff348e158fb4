package social.upkeep.signin.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Signs someone in whose identity a flow outside Spring Security's login filters proved (an email link,
 * MiAuth): a fresh session id against fixation, and the context kept where the filters will find it.
 */
@Component
class SessionSignIn {

    private final HttpSessionSecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    void signIn(HttpServletRequest request, HttpServletResponse response, String name, List<String> authorities) {
        var authentication = UsernamePasswordAuthenticationToken.authenticated(name, null,
                AuthorityUtils.createAuthorityList(authorities));
        request.getSession();
        request.changeSessionId();
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
    }
}
