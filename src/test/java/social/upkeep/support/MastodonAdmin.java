package social.upkeep.support;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Mastodon's admin accounts API over the accounts of one stub server, as they are now. {@code GET
 * /api/v2/admin/accounts}: filtered by {@code role_ids[]} or by {@code username}, newest first, {@code limit} a
 * page with a {@code Link} to the next, as Mastodon builds them (see {@link #transform}); {@code GET
 * /api/v1/accounts/lookup?acct=} and {@code GET /api/v1/admin/accounts/:id} find one account exactly. Bodies follow
 * the published admin account example, with roles as servers since 2023 send them (string id, computed
 * permissions as a string). Roles change as {@code tootctl accounts modify} would: the test's command appends its
 * arguments to a log, and the server applies every new line before it answers. Rate-limit headers count down from
 * 300.
 */
public final class MastodonAdmin implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "mastodon-admin";
    public static final Map<String, Integer> ROLE_IDS = Map.of("Owner", 3, "Moderator", 2, "Supporter", 7,
            "Gold", 8, "Artist", 9, "Helpers", 10);
    /**
     * Each role's computed permissions as Mastodon's RoleSerializer sends them (app/models/user_role.rb bits):
     * Owner administrator (1), Moderator manage reports and users (1028), "Helpers" manage users (1024) under a
     * name that does not say so; the others none.
     */
    private static final Map<String, Long> PERMISSIONS = Map.of("Owner", 1L, "Moderator", 1028L, "Helpers", 1024L);

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(109000000000000000L);
    private volatile Path commandLog;
    private volatile int appliedLines;
    private volatile int remaining = 300;
    private volatile Instant reset = Instant.parse("2026-11-27T12:05:00Z");
    private volatile Instant limitedUntil;
    private volatile int failures;
    private volatile int failureStatus = 500;
    private volatile int delays;

    public static final int PAGE = 200;

    record Account(long id, String username, String role) {
    }

    public synchronized void clear() {
        accounts.clear();
        commandLog = null;
        appliedLines = 0;
        remaining = 300;
        reset = Instant.parse("2026-11-27T12:05:00Z");
        limitedUntil = null;
        failures = 0;
        delays = 0;
    }

    /** A local account holding {@code role} ("" for none). */
    public void account(String username, String role) {
        accounts.put(username.toLowerCase(Locale.ROOT), new Account(ids.incrementAndGet(), username, role));
    }

    public String role(String username) {
        applyCommands();
        Account account = accounts.get(username.toLowerCase(Locale.ROOT));
        return account == null ? null : account.role();
    }

    /** Where the test's {@code tootctl} writes what it was asked to do. */
    public void commandLog(Path log) {
        this.commandLog = log;
    }

    /** The next answers: {@code remaining} requests left in the window that resets at {@code reset}. */
    public void rateLimit(int remaining, Instant reset) {
        this.remaining = remaining;
        this.reset = reset;
    }

    /** Answers 429 to every request until the test lifts it. */
    public void limitedUntil(Instant until) {
        this.limitedUntil = until;
    }

    public void fail(int times, int status) {
        this.failures = times;
        this.failureStatus = status;
    }

    /** The next {@code times} answers come after the app's read timeout. */
    public void delay(int times) {
        this.delays = times;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        applyCommands();
        var request = serveEvent.getRequest();
        if (limitedUntil != null) {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(429)
                    .withHeader("X-RateLimit-Limit", "300").withHeader("X-RateLimit-Remaining", "0")
                    .withHeader("X-RateLimit-Reset", limitedUntil.toString())
                    .withBody("{\"error\":\"Too many requests\"}").build();
        }
        if (failures > 0) {
            failures--;
            return ResponseDefinitionBuilder.responseDefinition().withStatus(failureStatus)
                    .withBody("{\"error\":\"Something went wrong on our end\"}").build();
        }
        int fixedDelay = 0;
        if (delays > 0) {
            delays--;
            fixedDelay = 1500;
        }
        String path = request.getUrl().replaceAll("\\?.*", "");
        if (path.equals("/api/v1/accounts/lookup")) {
            return lookup(request.queryParameter("acct").firstValue(), fixedDelay);
        }
        if (path.startsWith("/api/v1/admin/accounts/")) {
            return one(path.substring("/api/v1/admin/accounts/".length()), fixedDelay);
        }
        QueryParameter roleIds = request.queryParameter("role_ids[]");
        QueryParameter username = request.queryParameter("username");
        QueryParameter maxId = request.queryParameter("max_id");
        int limit = request.queryParameter("limit").isPresent()
                ? Math.min(200, Integer.parseInt(request.queryParameter("limit").firstValue())) : 100;
        Set<String> roles = roleIds.isPresent() ? ROLE_IDS.entrySet().stream()
                .filter(role -> roleIds.values().contains(String.valueOf(role.getValue())))
                .map(Map.Entry::getKey).collect(Collectors.toSet()) : null;
        List<Account> matching = accounts.values().stream()
                .filter(account -> roles == null || roles.contains(account.role()))
                .filter(account -> !username.isPresent() || matchesUsername(account.username(),
                        username.firstValue()))
                .filter(account -> !maxId.isPresent() || account.id() < Long.parseLong(maxId.firstValue()))
                .sorted(Comparator.comparingLong(Account::id).reversed()).toList();
        List<Account> page = matching.subList(0, Math.min(limit, matching.size()));
        List<String> bodies = new ArrayList<>();
        for (Account account : page) {
            bodies.add(body(account));
        }
        var response = ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("[" + String.join(",", bodies) + "]")
                .withFixedDelay(fixedDelay)
                .withHeader("X-RateLimit-Limit", "300")
                .withHeader("X-RateLimit-Remaining", String.valueOf(remaining = Math.max(0, remaining - 1)))
                .withHeader("X-RateLimit-Reset", reset.toString());
        if (matching.size() > page.size()) {
            // The Link keeps only the single-valued filters and limit (pagination_params in
            // app/controllers/api/v2/admin/accounts_controller.rb): role_ids[] is gone from page 2 on.
            String url = FediverseStubs.origin(FediverseStubs.MASTODON_46) + "/api/v2/admin/accounts?limit=" + limit
                    + request.queryParameter("origin").values().stream().map(value -> "&origin=" + value)
                            .collect(Collectors.joining())
                    + (username.isPresent() ? "&username=" + username.firstValue() : "");
            response.withHeader("Link", "<" + url + "&max_id=" + page.get(page.size() - 1).id() + ">; rel=\"next\", <"
                    + url + "&min_id=" + page.get(0).id() + ">; rel=\"prev\"");
        }
        return response.build();
    }

    /**
     * Mastodon's {@code username} filter: {@code username ILIKE 'value%'} without escaping, so it is a
     * case-insensitive prefix in which {@code _} matches any one character (app/models/account.rb,
     * {@code matches_username}).
     */
    static boolean matchesUsername(String username, String filter) {
        StringBuilder regex = new StringBuilder("(?i)");
        for (char c : filter.toCharArray()) {
            regex.append(c == '_' ? "." : c == '%' ? ".*" : java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        return username.matches(regex + ".*");
    }

    /** {@code GET /api/v1/accounts/lookup?acct=}: the local account by its exact name (case-insensitive), or 404. */
    private ResponseDefinition lookup(String acct, int fixedDelay) {
        Account account = accounts.get(acct.toLowerCase(Locale.ROOT));
        if (account == null) {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(404).withFixedDelay(fixedDelay)
                    .withHeader("Content-Type", "application/json").withBody("{\"error\":\"Record not found\"}").build();
        }
        return counted(ResponseDefinitionBuilder.responseDefinition().withStatus(200).withFixedDelay(fixedDelay)
                .withHeader("Content-Type", "application/json").withBody("{\"id\": \"" + account.id()
                        + "\", \"username\": \"" + account.username() + "\", \"acct\": \"" + account.username() + "\"}"));
    }

    /** {@code GET /api/v1/admin/accounts/:id}: one admin account, or 404. */
    private ResponseDefinition one(String id, int fixedDelay) {
        Account account = accounts.values().stream().filter(it -> String.valueOf(it.id()).equals(id)).findFirst()
                .orElse(null);
        if (account == null) {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(404).withFixedDelay(fixedDelay)
                    .withHeader("Content-Type", "application/json").withBody("{\"error\":\"Record not found\"}").build();
        }
        return counted(ResponseDefinitionBuilder.responseDefinition().withStatus(200).withFixedDelay(fixedDelay)
                .withHeader("Content-Type", "application/json").withBody(body(account)));
    }

    private ResponseDefinition counted(ResponseDefinitionBuilder response) {
        return response.withHeader("X-RateLimit-Limit", "300")
                .withHeader("X-RateLimit-Remaining", String.valueOf(remaining = Math.max(0, remaining - 1)))
                .withHeader("X-RateLimit-Reset", reset.toString()).build();
    }

    private static String body(Account account) {
        Integer roleId = ROLE_IDS.get(account.role());
        String role = roleId == null
                ? "{\"id\": \"-99\", \"name\": \"\", \"color\": \"\", \"position\": -1, \"permissions\": \"65536\", \"highlighted\": false}"
                : "{\"id\": \"" + roleId + "\", \"name\": \"" + account.role() + "\", \"color\": \"#3584e4\", \"position\": 100, "
                        + "\"permissions\": \"" + PERMISSIONS.getOrDefault(account.role(), 0L) + "\"" 
                        + ", \"highlighted\": true, \"created_at\": \"2022-09-08T22:48:07.983Z\", \"updated_at\": \"2022-09-09T10:45:13.226Z\"}";
        return StubBodies.load("/fediverse/mastodon-admin-account.json", Map.of("@ID@", String.valueOf(account.id()),
                "@USERNAME@", account.username(), "@ROLE@", role))
                .replace("@ORIGIN@", FediverseStubs.origin(FediverseStubs.MASTODON_46));
    }

    /** What {@code tootctl accounts modify NAME --role ROLE} / {@code --remove-role} did since the last request. */
    private synchronized void applyCommands() {
        if (commandLog == null || !Files.exists(commandLog)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(commandLog);
            for (String line : lines.subList(appliedLines, lines.size())) {
                String[] args = line.split("\t");
                String username = args[0].toLowerCase(Locale.ROOT);
                Account account = accounts.get(username);
                if (account != null) {
                    String role = args.length > 2 && args[1].equals("--role") ? args[2] : "";
                    accounts.put(username, new Account(account.id(), account.username(), role));
                }
            }
            appliedLines = lines.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
