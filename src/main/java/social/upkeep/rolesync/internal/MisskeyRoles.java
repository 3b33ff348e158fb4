package social.upkeep.rolesync.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import social.upkeep.instance.AdminAnswer;
import tools.jackson.databind.JsonNode;

/**
 * Misskey and its forks: roles are assigned and unassigned through the admin API, with {@code expiresAt} set to
 * the end of the member's entitlement (paid-through plus grace), so the role ends on time even if Upkeep is
 * down. An account may hold several roles, so no role of anyone else is ever in the way.
 */
final class MisskeyRoles implements ServerRoles {

    private static final int PAGE = 100;

    private final RoleSyncStore store;
    /** Learned once per run (an instance serves one run). */
    private @Nullable Map<String, String> ids;

    MisskeyRoles(RoleSyncStore store) {
        this.store = store;
    }

    @Override
    public Map<String, Holding> holders(Target target) {
        Map<String, String> ids = roleIds(target);
        Map<String, Holding> holders = new HashMap<>();
        for (var role : ids.entrySet()) {
            String untilId = null;
            while (true) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("roleId", role.getValue());
                body.put("limit", PAGE);
                if (untilId != null) {
                    body.put("untilId", untilId);
                }
                AdminAnswer page = post(target, "/api/admin/roles/users", body);
                JsonNode list = RoleJson.read(page);
                for (JsonNode assignment : list) {
                    JsonNode user = assignment.path("user");
                    if (user.path("host").isNull() || user.path("host").isMissingNode()) {
                        String username = user.path("username").asString("").toLowerCase(Locale.ROOT);
                        String expires = assignment.path("expiresAt").asString(null);
                        holders.put(username, new Holding(username, role.getKey(), user.path("id").asString(null),
                                expires == null ? null : Instant.parse(expires)));
                    }
                    untilId = assignment.path("id").asString(null);
                }
                if (list.size() < PAGE || untilId == null) {
                    break;
                }
            }
        }
        return holders;
    }

    /** Managed role names to their ids: configured, or learned from the server's role list. */
    private Map<String, String> roleIds(Target target) {
        if (this.ids != null) {
            return this.ids;
        }
        Map<String, String> ids = new LinkedHashMap<>();
        target.roles().stream().filter(role -> role.remoteId() != null)
                .forEach(role -> ids.put(role.name(), role.remoteId()));
        if (ids.size() < target.roles().size()) {
            for (JsonNode role : RoleJson.read(post(target, "/api/admin/roles/list", Map.of()))) {
                String name = role.path("name").asString("");
                String id = role.path("id").asString("");
                if (!ids.containsKey(name) && target.roles().stream().anyMatch(managed -> managed.name().equals(name))
                        && !id.isEmpty()) {
                    ids.put(name, id);
                    store.learnRoleId(target.instanceId(), name, id);
                }
            }
        }
        this.ids = ids;
        return ids;
    }

    @Override
    public Optional<Holding> account(Target target, String username) {
        Map<String, Object> body = new HashMap<>();
        body.put("username", username);
        body.put("host", null);
        AdminAnswer answer = target.gate().send(HttpMethod.POST, "/api/users/show", RoleJson.write(body));
        // users/show answers 400 for every ApiError; only NO_SUCH_USER means there is nobody by that name
        // (packages/backend/src/server/api/endpoints/users/show.ts), anything else is a failure to show.
        if (answer.status() == 404 || (answer.status() == 400 && answer.body().contains("NO_SUCH_USER"))) {
            return Optional.empty();
        }
        if (!answer.ok()) {
            throw RateGate.refused(answer);
        }
        String userId = RoleJson.read(answer).path("id").asString("");
        if (userId.isEmpty()) {
            return Optional.empty();
        }
        // The account's role assignments, with their ends: which managed role it holds, and until when.
        JsonNode assigns = RoleJson.read(post(target, "/api/admin/show-user", Map.of("userId", userId)))
                .path("roleAssigns");
        Map<String, String> names = new HashMap<>();
        roleIds(target).forEach((name, id) -> names.put(id, name));
        for (JsonNode assign : assigns) {
            String role = names.get(assign.path("roleId").asString(""));
            if (role != null) {
                String expires = assign.path("expiresAt").asString(null);
                return Optional.of(new Holding(username, role, userId, expires == null ? null : Instant.parse(expires)));
            }
        }
        return Optional.of(new Holding(username, null, userId, null));
    }

    @Override
    public boolean writesThroughApi() {
        return true;
    }

    @Override
    public boolean grantsExpire() {
        return true;
    }

    @Override
    public void grant(Target target, Holding account, String role, @Nullable Instant until) {
        String roleId = roleIds(target).get(role);
        if (roleId == null || account.userId() == null) {
            throw new RateGate.Unavailable("The role \"" + role + "\" was not found on the server");
        }
        if (account.role() != null) {
            // Misskey refuses to assign a role twice: a renewal moves the end by assigning it again.
            remove(target, account, account.role());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("roleId", roleId);
        body.put("userId", account.userId());
        if (until != null) {
            body.put("expiresAt", until.toEpochMilli());
        }
        post(target, "/api/admin/roles/assign", body);
    }

    @Override
    public void remove(Target target, Holding account, String role) {
        String roleId = roleIds(target).get(role);
        if (roleId == null || account.userId() == null) {
            throw new RateGate.Unavailable("The role \"" + role + "\" was not found on the server");
        }
        post(target, "/api/admin/roles/unassign", Map.of("roleId", roleId, "userId", account.userId()));
    }

    private static AdminAnswer post(Target target, String path, Map<String, ?> body) {
        AdminAnswer answer = target.gate().send(HttpMethod.POST, path, RoleJson.write(body));
        if (!answer.ok()) {
            throw RateGate.refused(answer);
        }
        return answer;
    }

    @Override
    public String manualCommand(String action, String username, String role) {
        return (action.equals("GRANT") ? "Assign" : "Unassign") + " the role \"" + role + "\" for @" + username
                + " in Control panel → Roles";
    }
}
