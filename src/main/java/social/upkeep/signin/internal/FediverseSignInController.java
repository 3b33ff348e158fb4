package social.upkeep.signin.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import social.upkeep.shared.PublicUrls;
import social.upkeep.instance.FediverseServers;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.instance.OAuthApp;
import social.upkeep.instance.ServerRefused;
import social.upkeep.instance.Software;
import social.upkeep.signin.SignInFlows;
import social.upkeep.shared.ReturnPaths;
import org.jspecify.annotations.Nullable;

/**
 * Starts the three OAuth flows from Upkeep's own forms (POST, so CSRF-protected): a supporter signing in from
 * any server, an operator signing in to the server they run, and an operator connecting a server.
 */
@Controller
class FediverseSignInController {

    private final FediverseServers servers;
    private final MiAuthFlows miAuth;
    private final Instances instances;

    private final EmailLinks emailLinks;
    private final PublicUrls urls;

    FediverseSignInController(FediverseServers servers, MiAuthFlows miAuth, Instances instances,
            EmailLinks emailLinks, PublicUrls urls) {
        this.urls = urls;
        this.emailLinks = emailLinks;
        this.servers = servers;
        this.instances = instances;
        this.miAuth = miAuth;
    }

    /** The supporters' sign-in; with {@code next}, it names the server they are about to support. */
    @GetMapping("/signin/supporter")
    String supporterPage(@RequestParam(required = false) String next, Model model) {
        model.addAttribute("emailSignIn", emailLinks.available());
        String wanted = ReturnPaths.support(next).orElse(null);
        model.addAttribute("next", wanted);
        model.addAttribute("supporting", supporting(instances, wanted));
        return "signin/supporter";
    }

    /** The display name of the server a return path supports, if Upkeep keeps it (a demo takes no money). */
    static @Nullable String supporting(Instances instances, @Nullable String next) {
        return ReturnPaths.host(next).flatMap(instances::findByHost).filter(server -> !server.demo())
                .map(Instance::displayName).orElse(null);
    }

    /** What is shown back of an address typed: more than a handle or host ever needs. */
    private static final int MAX_SHOWN = 330;

    @PostMapping("/signin/fediverse")
    String supporter(@RequestParam(defaultValue = "") String handle, @RequestParam(required = false) String next,
            HttpServletRequest request, RedirectAttributes redirect) {
        String wanted = ReturnPaths.support(next).orElse(null);
        String server = null;
        try {
            server = servers.serverOf(handle);
            if (servers.software(server) == Software.MISSKEY) {
                return miAuth.start(request, StartedFlow.Purpose.SUPPORTER, server, null, wanted);
            }
            return start(request, StartedFlow.Purpose.SUPPORTER, null, servers.appForSignIn(server, callback(request)),
                    wanted);
        } catch (ServerRefused e) {
            refused(redirect, e, server, handle);
            return "redirect:" + ReturnPaths.withNext("/signin/supporter", wanted);
        }
    }

    @PostMapping("/signin/operator")
    String operator(@RequestParam(defaultValue = "") String host, HttpServletRequest request,
            RedirectAttributes redirect) {
        String server = null;
        try {
            server = servers.serverOf(host);
            Instance instance = servers.connectedServer(server)
                    .orElseThrow(() -> new ServerRefused("fediverse.refused.not-connected", "Not connected"));
            if (servers.software(instance.host()) == Software.MISSKEY) {
                return miAuth.start(request, StartedFlow.Purpose.OPERATOR, instance.host(), instance.id(), null);
            }
            return start(request, StartedFlow.Purpose.OPERATOR, instance.id(),
                    servers.appForSignIn(instance.host(), callback(request)), null);
        } catch (ServerRefused e) {
            refused(redirect, e, server, host);
            return "redirect:/signin";
        }
    }

    @PostMapping("/operator/servers/{id}/connect")
    String connect(@PathVariable long id, HttpServletRequest request, RedirectAttributes redirect) {
        String host = instances.get(id).host();
        try {
            if (servers.software(host) == Software.MISSKEY) {
                return miAuth.start(request, StartedFlow.Purpose.CONNECT, host, id, null);
            }
            return start(request, StartedFlow.Purpose.CONNECT, id, servers.appForConnect(id, callback(request)), null);
        } catch (ServerRefused e) {
            refused(redirect, e, host, host);
            return "redirect:/operator/servers/" + id + "/connection";
        }
    }

    /**
     * An operator grants the server's notice account to Upkeep through the server itself (OAuth with
     * {@code write:statuses} and the sign-in scope, or MiAuth with {@code write:notes,read:account}): its posts and
     * direct messages come from it. Whoever started stays signed in as they were.
     */
    @PostMapping("/operator/servers/{id}/posting/connect")
    String grantPosting(@PathVariable long id, HttpServletRequest request, RedirectAttributes redirect) {
        String host = instances.get(id).host();
        try {
            if (servers.software(host) == Software.MISSKEY) {
                return miAuth.start(request, StartedFlow.Purpose.POSTING, host, id, null);
            }
            return start(request, StartedFlow.Purpose.POSTING, id, servers.appForPosting(id, callback(request)), null);
        } catch (ServerRefused e) {
            refused(redirect, e, host, host);
            return "redirect:/operator/servers/" + id + "/posting";
        }
    }

    /**
     * Says what went wrong and where ("example.social: there is no server by that name…"), and keeps what was
     * typed for the form. The host is the server Upkeep tried, else what was typed (shown as text, shortened).
     */
    private static void refused(RedirectAttributes redirect, ServerRefused e, @Nullable String server, String typed) {
        String shown = typed.strip();
        shown = shown.length() > MAX_SHOWN ? shown.substring(0, MAX_SHOWN) + "…" : shown;
        redirect.addFlashAttribute("problem", e.reason());
        redirect.addFlashAttribute("problemAt", server != null ? server : shown);
        redirect.addFlashAttribute("typed", shown);
    }

    private static String start(HttpServletRequest request, StartedFlow.Purpose purpose, Long instanceId,
            OAuthApp app, @Nullable String next) {
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        String registrationId = StartedFlow.registrationId(purpose, instanceId, app.id());
        new StartedFlow(purpose, registrationId, instanceId, purpose.keepsWhoStarted() ? current : null, next)
                .start(request);
        return "redirect:" + GuardedAuthorizationRequests.BASE_URI + "/" + registrationId;
    }

    private URI callback(HttpServletRequest request) {
        return urls.of(request, SignInFlows.CALLBACK);
    }
}
