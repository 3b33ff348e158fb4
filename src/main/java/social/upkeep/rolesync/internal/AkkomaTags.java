package social.upkeep.rolesync.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import social.upkeep.instance.AdminAnswer;
import tools.jackson.databind.JsonNode;

/**
 * Akkoma and Pleroma: a tier's role is a tag on the account, set and removed through the admin tag API.
 * An account may hold several tags, so no one's other tags are touched. The server stores tags normalised
 * (lower-cased, spaces collapsed, quotes removed) and filters by them exactly, so Upkeep sends, filters and
 * compares in the server's form: a role "Supporter" is the tag "supporter".
 */
final class AkkomaTags implements ServerRoles {

    private static final int PAGE = 200;

    /** The tag the server keeps for a role name. */
    static String tag(String role) {
        return role.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replaceAll("[\"'`]", "");
    }

    @Override
    public Map<String, Holding> holders(Target target) {
        Map<String, Holding> holders = new HashMap<>();
        for (ManagedRoleRow role : target.roles()) {
            for (int page = 1; ; page++) {
                AdminAnswer answer = target.gate().get("/api/v1/pleroma/admin/users?filters=local&page=" + page
                        + "&page_size=" + PAGE + "&tags%5B%5D=" + MastodonRoles.encode(tag(role.name())));
                if (!answer.ok()) {
                    throw RateGate.refused(answer);
                }
                JsonNode users = RoleJson.read(answer).path("users");
                for (JsonNode user : users) {
                    String nickname = user.path("nickname").asString("").toLowerCase(Locale.ROOT);
                    if (!nickname.isEmpty() && !nickname.contains("@")) {
                        holders.put(nickname, new Holding(nickname, role.name(), user.path("id").asString(null), null));
                    }
                }
                if (users.size() < PAGE) {
                    break;
                }
            }
        }
        return holders;
    }

    /** Tags need no id: every role's holders are read. */
    @Override
    public boolean readsHoldersOf(ManagedRoleRow role) {
        return true;
    }

    @Override
    public Optional<Holding> account(Target target, String username) {
        AdminAnswer answer = target.gate().get("/api/v1/pleroma/admin/users/" + MastodonRoles.encode(username));
        if (answer.status() == 404) {
            return Optional.empty();
        }
        if (!answer.ok()) {
            throw RateGate.refused(answer);
        }
        JsonNode user = RoleJson.read(answer);
        String tag = null;
        for (JsonNode held : user.path("tags")) {
            for (ManagedRoleRow role : target.roles()) {
                if (tag(role.name()).equals(held.asString(""))) {
                    tag = role.name();
                }
            }
        }
        return Optional.of(new Holding(username, tag, user.path("id").asString(null), null));
    }

    @Override
    public boolean writesThroughApi() {
        return true;
    }

    @Override
    public void grant(Target target, Holding account, String role, @Nullable Instant until) {
        if (account.role() != null && !account.role().equals(role)) {
            remove(target, account, account.role());
        }
        tag(target, HttpMethod.PUT, account.username(), role);
    }

    @Override
    public void remove(Target target, Holding account, String role) {
        tag(target, HttpMethod.DELETE, account.username(), role);
    }

    private static void tag(Target target, HttpMethod method, String username, String role) {
        AdminAnswer answer = target.gate().send(method, "/api/v1/pleroma/admin/users/tag",
                RoleJson.write(Map.of("nicknames", List.of(username), "tags", List.of(tag(role)))));
        if (!answer.ok()) {
            throw RateGate.refused(answer);
        }
    }

    @Override
    public String manualCommand(String action, String username, String role) {
        return (action.equals("GRANT") ? "PUT" : "DELETE") + " /api/v1/pleroma/admin/users/tag nicknames[]="
                + username + " tags[]=" + tag(role);
    }
}
