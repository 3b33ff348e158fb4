package social.upkeep.rolesync.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.web.util.UriComponentsBuilder;
import social.upkeep.instance.AdminAnswer;
import social.upkeep.instance.StaffRoles;
import tools.jackson.databind.JsonNode;

/**
 * Mastodon (and glitch-soc, Hometown): roles are read through the admin accounts API, filtered by the managed
 * roles' ids, 200 accounts a page. Mastodon has no API to change a role: changes go through the owner's
 * command ({@code tootctl}) or the manual queue. A role's id is configured or learned from any account read
 * holding it.
 */
final class MastodonRoles implements ServerRoles {

    static final int PAGE = 200;
    /** The role every account holds when it holds none. */
    private static final String DEFAULT_ROLE_ID = "-99";

    private final RoleSyncStore store;

    MastodonRoles(RoleSyncStore store) {
        this.store = store;
    }

    @Override
    public Map<String, Holding> holders(Target target) {
        StringBuilder query = new StringBuilder("/api/v2/admin/accounts?origin=local&limit=" + PAGE);
        List<ManagedRoleRow> known = target.roles().stream().filter(role -> role.remoteId() != null).toList();
        Map<String, Holding> holders = new HashMap<>();
        if (known.isEmpty()) {
            return holders;
        }
        known.forEach(role -> query.append("&role_ids%5B%5D=").append(encode(role.remoteId())));
        String next = query.toString();
        while (next != null) {
            AdminAnswer page = target.gate().get(next);
            if (!page.ok()) {
                throw RateGate.refused(page);
            }
            for (JsonNode account : RoleJson.read(page)) {
                Holding holding = holding(target, account);
                if (holding != null) {
                    holders.put(holding.username(), holding);
                }
            }
            // Mastodon's Link keeps only single-valued filters (pagination_params in
            // app/controllers/api/v2/admin/accounts_controller.rb): following it would drop role_ids[] and page
            // through every local account. The next page is this query from the Link's max_id on.
            next = page.next().map(MastodonRoles::maxId).map(maxId -> query + "&max_id=" + encode(maxId))
                    .orElse(null);
        }
        return holders;
    }

    private static @Nullable String maxId(String url) {
        return UriComponentsBuilder.fromUriString(url).build().getQueryParams().getFirst("max_id");
    }

    /**
     * One account, found exactly: the admin filter {@code username=} is a case-insensitive prefix match in which
     * {@code _} matches any character (app/models/account.rb, {@code matches_username}), so the account may not be
     * on its first page. {@code accounts/lookup} finds the local account by its exact name, then the admin API shows
     * its role.
     */
    @Override
    public Optional<Holding> account(Target target, String username) {
        AdminAnswer found = target.gate().get("/api/v1/accounts/lookup?acct=" + encode(username));
        if (found.status() == 404) {
            return Optional.empty();
        }
        if (!found.ok()) {
            throw RateGate.refused(found);
        }
        String id = RoleJson.read(found).path("id").asString("");
        if (id.isEmpty()) {
            return Optional.empty();
        }
        AdminAnswer account = target.gate().get("/api/v1/admin/accounts/" + encode(id));
        if (account.status() == 404) {
            return Optional.empty();
        }
        if (!account.ok()) {
            throw RateGate.refused(account);
        }
        JsonNode body = RoleJson.read(account);
        return body.path("username").asString("").equalsIgnoreCase(username)
                ? Optional.ofNullable(holding(target, body)) : Optional.empty();
    }

    private @Nullable Holding holding(Target target, JsonNode account) {
        Holding holding = holding(account);
        if (holding != null && holding.role() != null) {
            String roleId = account.path("role").path("id").asString("");
            target.roles().stream().filter(managed -> managed.name().equals(holding.role()) && managed.remoteId() == null)
                    .findFirst().ifPresent(managed -> store.learnRoleId(target.instanceId(), holding.role(), roleId));
            // A role with staff rights (Mastodon's computed permissions, app/serializers/rest/role_serializer.rb)
            // is never Upkeep's to give, whatever its name.
            if (StaffRoles.mastodonPermissions(account.path("role").path("permissions").asString("0"))) {
                target.roles().stream().filter(managed -> managed.name().equals(holding.role()) && !managed.staff())
                        .findFirst().ifPresent(managed -> store.markStaff(target.instanceId(), managed.name()));
            }
        }
        return holding;
    }

    /** A local account of an admin accounts answer and its role (none for the default role); null if remote. */
    static @Nullable Holding holding(JsonNode account) {
        if (!account.path("domain").isNull() && !account.path("domain").isMissingNode()) {
            return null;
        }
        String username = account.path("username").asString("").toLowerCase(Locale.ROOT);
        if (username.isEmpty()) {
            return null;
        }
        JsonNode role = account.path("role");
        String roleId = role.path("id").asString("");
        String name = role.path("name").asString("");
        boolean none = role.isMissingNode() || role.isNull() || roleId.equals(DEFAULT_ROLE_ID) || name.isBlank();
        return new Holding(username, none ? null : name, account.path("id").asString(null), null);
    }

    @Override
    public boolean writesThroughApi() {
        return false;
    }

    @Override
    public String manualCommand(String action, String username, String role) {
        return "RAILS_ENV=production bin/tootctl accounts modify " + username
                + (action.equals("GRANT") ? " --role '" + role.replace("'", "") + "'" : " --remove-role");
    }

    static String encode(@Nullable String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
