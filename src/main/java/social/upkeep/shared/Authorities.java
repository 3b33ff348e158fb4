package social.upkeep.shared;

import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** The authorities a signed-in person holds beyond their role: which server they operate, which supporter they are. */
public final class Authorities {

    public static final String OPERATOR = "ROLE_OPERATOR";
    public static final String SUPPORTER = "ROLE_SUPPORTER";
    private static final String SERVER = "SERVER_";
    private static final String SUPPORTER_ID = "SUPPORTER_";

    private Authorities() {
    }

    public static String operatorOf(long instanceId) {
        return SERVER + instanceId;
    }

    public static String supporter(long supporterId) {
        return SUPPORTER_ID + supporterId;
    }

    /** The server an operator signed in for; empty for the owner and supporters. */
    public static Optional<Long> operatedServer(Authentication authentication) {
        return find(authentication, SERVER);
    }

    public static Optional<Long> supporterId(Authentication authentication) {
        return find(authentication, SUPPORTER_ID);
    }

    private static Optional<Long> find(Authentication authentication, String prefix) {
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith(prefix))
                .map(authority -> Long.parseLong(authority.substring(prefix.length()))).findFirst();
    }
}
