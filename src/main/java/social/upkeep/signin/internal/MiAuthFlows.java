package social.upkeep.signin.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.Serializable;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import social.upkeep.instance.FediverseAccount;
import social.upkeep.instance.FediverseServers;
import social.upkeep.instance.NoticeAccounts;
import social.upkeep.instance.ServerRefused;
import social.upkeep.shared.Authorities;
import social.upkeep.shared.PublicUrls;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;

/**
 * Misskey and its forks sign in through MiAuth: Upkeep makes up a random session id, sends the person to
 * {@code /miauth/<id>}, and on their return asks the server for the token granted to that id. The id lives in
 * the person's Upkeep session, so a callback for anyone else's id is refused like a mismatched OAuth state.
 */
@Controller
class MiAuthFlows {

    static final String CALLBACK = "/signin/miauth/callback";
    private static final String ATTRIBUTE = MiAuthFlows.class.getName();

    private final FediverseServers servers;
    private final Supporters supporters;
    private final SessionSignIn sessions;
    private final NoticeAccounts noticeAccounts;

    private final PublicUrls urls;

    MiAuthFlows(FediverseServers servers, Supporters supporters, PublicUrls urls, SessionSignIn sessions,
            NoticeAccounts noticeAccounts) {
        this.noticeAccounts = noticeAccounts;
        this.sessions = sessions;
        this.urls = urls;
        this.servers = servers;
        this.supporters = supporters;
    }

    record Started(StartedFlow.Purpose purpose, String host, String session, @Nullable Long instanceId,
            @Nullable Authentication previous, @Nullable String next) implements Serializable {
    }

    String start(HttpServletRequest request, StartedFlow.Purpose purpose, String host, @Nullable Long instanceId,
            @Nullable String next) {
        String session = UUID.randomUUID().toString();
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        request.getSession().setAttribute(ATTRIBUTE, new Started(purpose, host, session, instanceId,
                purpose.keepsWhoStarted() ? current : null, next));
        URI callback = urls.of(request, CALLBACK);
        return "redirect:" + (purpose == StartedFlow.Purpose.POSTING
                ? servers.miAuthUrl(host, session, callback, FediverseServers.MISSKEY_POSTING)
                : servers.miAuthUrl(host, session, callback, purpose == StartedFlow.Purpose.CONNECT));
    }

    @GetMapping(CALLBACK)
    String callback(@RequestParam(defaultValue = "") String session, HttpServletRequest request,
            HttpServletResponse response, RedirectAttributes redirect) {
        var stored = request.getSession(false) == null ? null
                : (Started) request.getSession(false).getAttribute(ATTRIBUTE);
        if (stored == null || !stored.session().equals(session)) {
            redirect.addFlashAttribute("problem", "signin.failed.expired");
            return "redirect:/signin/supporter";
        }
        request.getSession().removeAttribute(ATTRIBUTE); // one use
        var flow = new StartedFlow(stored.purpose(), "miauth", stored.instanceId(), stored.previous(),
                stored.next());
        try {
            FediverseServers.MiAuthGrant grant = servers.miAuth(stored.host(), session);
            switch (stored.purpose()) {
                case CONNECT -> {
                    servers.connectMisskey(stored.instanceId(), grant);
                    redirect.addFlashAttribute("notice", "connection.connected");
                }
                case POSTING -> {
                    noticeAccounts.connectGranted(stored.instanceId(), grant);
                    redirect.addFlashAttribute("notice", "posting.account.granted");
                }
                case OPERATOR -> signIn(request, response, servers.misskeyOperator(stored.instanceId(), grant),
                        List.of(Authorities.OPERATOR, Authorities.operatorOf(stored.instanceId())));
                case SUPPORTER -> {
                    FediverseAccount account = grant.account();
                    Supporter supporter = supporters.signedInWithFediverse(account.host(), account.id(),
                            account.actorUri(), account.handle());
                    signIn(request, response, account,
                            List.of(Authorities.SUPPORTER, Authorities.supporter(supporter.id())));
                }
            }
            return "redirect:" + flow.successUrl();
        } catch (ServerRefused e) {
            redirect.addFlashAttribute("problem", e.reason());
            return "redirect:" + flow.failureUrl();
        }
    }

    private void signIn(HttpServletRequest request, HttpServletResponse response, FediverseAccount account,
            List<String> authorities) {
        sessions.signIn(request, response, account.handle(), authorities);
    }
}
