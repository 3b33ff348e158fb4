package social.upkeep.instance;

import java.util.Locale;
import java.util.Set;

/**
 * Roles that carry a server's staff rights. Upkeep never hands them out or takes them away, whatever a tier says:
 * by name (the usual staff roles of Mastodon, Misskey and Akkoma) or because the server shows the role with staff
 * permissions.
 */
public final class StaffRoles {

    private static final Set<String> NAMES = Set.of("owner", "admin", "administrator", "moderator", "mod", "staff",
            "root");
    /** Mastodon's permission bits (app/models/user_role.rb): administrator, manage users, manage roles. */
    private static final long STAFF_PERMISSIONS = 1L | 1L << 10 | 1L << 17;

    private StaffRoles() {
    }

    public static boolean named(String role) {
        return NAMES.contains(role.strip().toLowerCase(Locale.ROOT));
    }

    /** Whether a Mastodon role's {@code permissions} (a decimal string) include a staff right. */
    public static boolean mastodonPermissions(String permissions) {
        try {
            return (Long.parseLong(permissions.strip()) & STAFF_PERMISSIONS) != 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
