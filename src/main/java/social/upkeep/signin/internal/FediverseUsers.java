package social.upkeep.signin.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.stereotype.Component;
import social.upkeep.instance.FediverseAccount;
import social.upkeep.instance.FediverseServers;
import social.upkeep.instance.NoticeAccounts;
import social.upkeep.instance.OAuthApp;
import social.upkeep.instance.ServerRefused;
import social.upkeep.shared.Authorities;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;

/**
 * Who came back from the server, asked with the fresh token through {@code verify_credentials}: an admin
 * connecting the server (the token is kept, sealed), an operator signing in (admin rights checked again), or a
 * supporter. Sign-in tokens are revoked straight away: Upkeep needs them once.
 */
@Component
class FediverseUsers implements OAuth2UserService<OAuth2UserRequest, OAuth2User> {

    private final FediverseServers servers;
    private final Supporters supporters;
    private final NoticeAccounts noticeAccounts;

    FediverseUsers(FediverseServers servers, Supporters supporters, NoticeAccounts noticeAccounts) {
        this.servers = servers;
        this.supporters = supporters;
        this.noticeAccounts = noticeAccounts;
    }

    @Override
    public OAuth2User loadUser(OAuth2UserRequest request) {
        StartedFlow.Parsed flow = StartedFlow.parse(request.getClientRegistration().getRegistrationId())
                .orElseThrow(() -> refused("signin.failed.other"));
        OAuthApp app = servers.app(flow.appId()).orElseThrow(() -> refused("signin.failed.other"));
        String token = request.getAccessToken().getTokenValue();
        try {
            return switch (flow.purpose()) {
                case CONNECT -> {
                    String scopes = String.join(" ", request.getAccessToken().getScopes());
                    yield user(servers.connect(flow.instanceId(), app, token, scopes), List.of());
                }
                case POSTING -> user(noticeAccounts.connectGranted(flow.instanceId(), app, token), List.of());
                case OPERATOR -> user(servers.operator(flow.instanceId(), app, token),
                        List.of(Authorities.OPERATOR, Authorities.operatorOf(flow.instanceId())));
                case SUPPORTER -> {
                    FediverseAccount account = servers.supporter(app, token);
                    Supporter supporter = supporters.signedInWithFediverse(account.host(), account.id(),
                            account.actorUri(), account.handle());
                    yield user(account, List.of(Authorities.SUPPORTER, Authorities.supporter(supporter.id())));
                }
            };
        } catch (ServerRefused e) {
            throw refused(e.reason());
        }
    }

    private static OAuth2User user(FediverseAccount account, List<String> authorities) {
        List<GrantedAuthority> granted = new ArrayList<>();
        authorities.forEach(authority -> granted.add(new SimpleGrantedAuthority(authority)));
        return new DefaultOAuth2User(granted, Map.of("handle", account.handle(), "actor", account.actorUri()),
                "handle");
    }

    /** The error code carries the message key the failure page shows. */
    private static OAuth2AuthenticationException refused(String reason) {
        return new OAuth2AuthenticationException(new OAuth2Error(reason));
    }
}
