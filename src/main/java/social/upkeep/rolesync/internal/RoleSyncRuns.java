package social.upkeep.rolesync.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import social.upkeep.instance.AdminCalls;
import social.upkeep.instance.Connection;
import social.upkeep.instance.FediverseServers;
import social.upkeep.instance.Software;
import social.upkeep.notification.OperatorAlerts;
import social.upkeep.notification.RoleMails;
import social.upkeep.rolesync.CommandRunner;
import social.upkeep.rolesync.DesiredRoles;
import social.upkeep.rolesync.RolePlan;
import social.upkeep.tier.Tier;
import social.upkeep.tier.Tiers;

/**
 * A run of role sync for one server: read what accounts hold, plan the difference with its guardrails, record
 * it in the audit trail and apply what may be applied. A full run reads every holder of the managed roles; a
 * member's run (after a membership event, or to retry one change) reads that one account. One run per server
 * at a time, across nodes: a run that finds another under way marks the server for the next.
 */
@Service
public class RoleSyncRuns {

    private static final Logger log = LoggerFactory.getLogger(RoleSyncRuns.class);
    static final int MAX_ATTEMPTS = 6;
    private static final Duration LEASE = Duration.ofMinutes(15);
    private static final Duration MEMBER_WAIT = Duration.ofSeconds(20);
    /** Removals within this window count together against the safety valve. */
    private static final Duration VALVE_WINDOW = Duration.ofHours(24);
    /** A Misskey expiry this close to the wanted one is left alone. */
    private static final Duration EXPIRY_SLACK = Duration.ofMinutes(1);
    static final Duration MOVE_END_WITHIN = Duration.ofDays(3);

    /** What a run did: the requests it sent to the server, the changes it applied, and why it stopped early. */
    public record Outcome(int requests, int applied, @Nullable String stoppedBecause) {
        static Outcome skipped(String why) {
            return new Outcome(0, 0, why);
        }
    }

    private final RoleSyncStore store;
    private final DesiredRoles desired;
    private final AdminCalls calls;
    private final FediverseServers servers;
    private final Tiers tiers;
    private final Clock clock;
    private final Duration interval;
    private final Duration commandTimeout;
    private final RoleMails roleMails;
    private final OperatorAlerts alerts;
    private final TransactionTemplate transactions;

    RoleSyncRuns(RoleSyncStore store, DesiredRoles desired, AdminCalls calls, FediverseServers servers, Tiers tiers,
            Clock clock, @Value("${upkeep.rolesync.interval:PT1H}") Duration interval,
            @Value("${upkeep.rolesync.command-timeout:PT60S}") Duration commandTimeout, RoleMails roleMails,
            TransactionTemplate transactions, OperatorAlerts alerts) {
        this.alerts = alerts;
        this.roleMails = roleMails;
        this.transactions = transactions;
        this.store = store;
        this.desired = desired;
        this.calls = calls;
        this.servers = servers;
        this.tiers = tiers;
        this.clock = clock;
        this.interval = interval;
        this.commandTimeout = commandTimeout;
    }

    Instant now() {
        return clock.instant();
    }

    /** Every enabled server whose run is due, asked for, or has a change to retry. */
    public void due() {
        Instant now = clock.instant();
        for (long instanceId : store.enabledServers()) {
            SyncSettings settings = store.settings(instanceId);
            if (settings.pausedUntil() != null && now.isBefore(settings.pausedUntil())) {
                continue;
            }
            try {
                if (settings.dirty() || settings.nextRunAt() == null || !now.isBefore(settings.nextRunAt())) {
                    full(instanceId, "scheduled run");
                    continue;
                }
                store.open(instanceId).stream()
                        .filter(change -> change.status() == RoleChange.Status.PENDING)
                        .filter(change -> change.nextAttemptAt() == null || !now.isBefore(change.nextAttemptAt()))
                        .map(RoleChange::username).distinct()
                        .forEach(username -> member(instanceId, username, null, "retry"));
            } catch (RuntimeException e) {
                // One server's trouble must not hold up the others.
                log.error("Role sync of server {} failed unexpectedly", instanceId, e);
            }
        }
    }

    public Outcome full(long instanceId, String cause) {
        return run(instanceId, null, null, cause);
    }

    public Outcome member(long instanceId, String username, @Nullable Long membershipId, String cause) {
        return run(instanceId, username, membershipId, cause);
    }

    /**
     * After a supporter's data was erased: their account loses what Upkeep gave it, as after an ended membership
     * (their memberships ended with the erasure), and the settled changes to it name {@code pseudonym} instead.
     * A server that cannot be reached keeps the change pending, and the hourly run retries it.
     */
    public Outcome erased(long instanceId, String username, String pseudonym) {
        Outcome outcome = member(instanceId, username, null, "supporter's data erased");
        store.forget(instanceId, username, pseudonym);
        return outcome;
    }

    private Outcome run(long instanceId, @Nullable String onlyUsername, @Nullable Long membershipId, String cause) {
        if (!store.settings(instanceId).enabled()
                || servers.connection(instanceId).filter(Connection::usable).isEmpty()) {
            return Outcome.skipped("not enabled or not connected");
        }
        if (!claim(instanceId, onlyUsername != null)) {
            log.debug("Role sync of server {} ({}) left for the next pass: another run is under way", instanceId, cause);
            return Outcome.skipped("another run is under way");
        }
        // Read after the lease is held: a run that just ended may have paused the server.
        SyncSettings settings = store.settings(instanceId);
        Connection connection = servers.connection(instanceId).orElseThrow();
        Instant now = clock.instant();
        if (settings.pausedUntil() != null && now.isBefore(settings.pausedUntil())) {
            store.markDirty(instanceId);
            store.release(instanceId);
            return Outcome.skipped("paused until " + settings.pausedUntil());
        }
        RateGate gate = new RateGate(calls, instanceId, clock);
        try {
            if (onlyUsername == null) {
                store.clearDirty(instanceId);
            }
            int applied = sync(settings, connection.software(), gate, onlyUsername, membershipId, cause);
            if (onlyUsername == null) {
                store.ran(instanceId, clock.instant(), clock.instant().plus(interval));
            }
            return new Outcome(gate.requests(), applied, null);
        } catch (RateGate.Paused paused) {
            store.paused(instanceId, paused.until);
            return new Outcome(gate.requests(), 0, "paused until " + paused.until);
        } catch (RateGate.Unavailable unavailable) {
            Duration wait = backoff(settings.failures());
            log.warn("Role sync of server {} failed: {}; next try in {}", instanceId, unavailable.getMessage(), wait);
            store.runFailed(instanceId, unavailable.getMessage(), clock.instant().plus(wait));
            return new Outcome(gate.requests(), 0, unavailable.getMessage());
        } finally {
            store.release(instanceId);
        }
    }

    /**
     * Takes the server's lease. A member's run waits a little for another run to end (events often come in
     * pairs); after that, or for a full run at once, the server is marked for the next scheduled pass.
     */
    private boolean claim(long instanceId, boolean wait) {
        long deadline = System.nanoTime() + (wait ? MEMBER_WAIT.toNanos() : 0);
        while (true) {
            Instant now = clock.instant();
            if (store.claim(instanceId, now, now.plus(LEASE))) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                store.markDirty(instanceId);
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                store.markDirty(instanceId);
                return false;
            }
        }
    }

    /** Every role a tier names has its row, so the roles page lists it before the first run. */
    void knowTierRoles(long instanceId) {
        store.knowRoles(instanceId, tiers.all(instanceId).stream().map(Tier::serverRole).filter(Objects::nonNull)
                .distinct().toList());
    }

    private int sync(SyncSettings settings, Software software, RateGate gate, @Nullable String onlyUsername,
            @Nullable Long membershipId, String cause) {
        long instanceId = settings.instanceId();
        knowTierRoles(instanceId);
        List<ManagedRoleRow> all = store.roles(instanceId);
        ServerRoles server = serverRoles(software);
        var target = new ServerRoles.Target(instanceId, all, gate);
        // Staff roles are neither given nor taken: their holders are kept as accounts with unmanaged roles are.
        Set<String> untouchable = new HashSet<>();
        all.stream().filter(ManagedRoleRow::untouchable).forEach(role -> untouchable.add(role.name()));
        List<ManagedRoleRow> roles = all.stream().filter(role -> !role.untouchable()).toList();
        Map<String, DesiredRoles.Wanted> wanted = new HashMap<>(desired.of(instanceId));
        wanted.values().removeIf(it -> untouchable.contains(it.role()));
        Map<String, String> grants = store.grants(instanceId);

        Map<String, Holding> actual = new HashMap<>();
        Set<String> lookups = new HashSet<>();
        if (onlyUsername == null) {
            actual.putAll(server.holders(target));
            countHolders(instanceId, server, roles, actual);
            lookups.addAll(wanted.keySet());
            if (roles.stream().anyMatch(role -> !server.readsHoldersOf(role))) {
                lookups.addAll(grants.keySet()); // holders of a role with no known id were not read
            }
            lookups.removeIf(username -> actual.containsKey(username)
                    && Objects.equals(actual.get(username).role(), wanted.get(username) == null ? null
                            : wanted.get(username).role()));
        } else {
            wanted.keySet().retainAll(Set.of(onlyUsername));
            lookups.add(onlyUsername);
        }
        Set<String> missing = new HashSet<>();
        for (String username : lookups) {
            Optional<Holding> account = server.account(target, username);
            if (account.isPresent()) {
                actual.put(username, account.get());
            } else {
                actual.remove(username);
                missing.add(username);
            }
        }
        wanted.keySet().removeAll(missing);

        Map<String, String> holds = new HashMap<>();
        actual.forEach((username, holding) -> {
            if (holding.role() != null) {
                holds.put(username, holding.role());
            }
        });
        List<RoleChange> open = store.open(instanceId).stream()
                .filter(change -> onlyUsername == null || change.username().equals(onlyUsername)).toList();
        Set<RolePlan.Change> confirmed = new HashSet<>();
        open.stream().filter(change -> change.action().equals("REMOVE") && change.status() != RoleChange.Status.HELD)
                .forEach(change -> confirmed.add(new RolePlan.Change(RolePlan.Action.REMOVE, change.username(),
                        change.role())));
        Map<String, Integer> known = new HashMap<>();
        roles.forEach(role -> known.put(role.name(), role.holders() == null ? 0 : role.holders()));
        var valve = new RolePlan.Valve(settings.safetyShare(), known,
                store.removedSince(instanceId, clock.instant().minus(VALVE_WINDOW)), confirmed);
        RolePlan plan = RolePlan.of(DesiredRoles.roles(wanted), holds,
                roles.stream().map(role -> new RolePlan.ManagedRole(role.name(), role.entirelyManaged())).toList(),
                grants.keySet(), valve);

        List<RolePlan.Change> changes = new ArrayList<>(plan.changes());
        if (server.grantsExpire()) {
            wanted.forEach((username, it) -> {
                Holding holding = actual.get(username);
                if (holding != null && it.role().equals(holding.role())
                        && endDue(holding.expiresAt(), it.until(), clock.instant())) {
                    changes.add(new RolePlan.Change(RolePlan.Action.GRANT, username, it.role()));
                }
            });
        }
        record(settings, server, open, changes, plan, actual, wanted, membershipId, cause);
        return apply(settings, software, server, target, onlyUsername, actual, wanted);
    }

    private void countHolders(long instanceId, ServerRoles server, List<ManagedRoleRow> roles,
            Map<String, Holding> actual) {
        for (ManagedRoleRow role : roles) {
            if (server.readsHoldersOf(role)) {
                store.holders(instanceId, role.name(),
                        (int) actual.values().stream().filter(holding -> role.name().equals(holding.role())).count());
            }
        }
    }

    /**
     * Whether a held role's end must be moved now. Misskey moves an end only by unassigning and assigning again,
     * which notifies the member (for a public role) and writes moderation-log entries, so a renewal does not move
     * it at once: the end moves once it is within {@link #MOVE_END_WITHIN} (runs are hourly; a few days' margin
     * outlasts an outage), and never earlier than the membership ends. A role held without an end gets one.
     */
    static boolean endDue(@Nullable Instant held, @Nullable Instant wanted, Instant now) {
        if (held == null) {
            return wanted != null;
        }
        boolean later = wanted == null || Duration.between(held, wanted).compareTo(EXPIRY_SLACK) > 0;
        return later && held.isBefore(now.plus(MOVE_END_WITHIN));
    }

    /** Brings the audit trail in line with the plan: new changes planned, settled ones closed. */
    private void record(SyncSettings settings, ServerRoles server, List<RoleChange> open, List<RolePlan.Change> changes,
            RolePlan plan, Map<String, Holding> actual, Map<String, DesiredRoles.Wanted> wanted,
            @Nullable Long membershipId, String cause) {
        long instanceId = settings.instanceId();
        Instant now = clock.instant();
        Set<Long> stillOpen = new HashSet<>();
        Set<String> approved = approvedRoles(instanceId);
        int waiting = 0;
        for (RolePlan.Change change : changes) {
            String action = change.action().name();
            Optional<RoleChange> row = open.stream().filter(it -> it.status() != RoleChange.Status.KEPT
                    && it.matches(change.username(), action, change.role())).findFirst();
            RoleChange.Status status = automatic(settings, server, action, approved.contains(change.role()))
                    ? RoleChange.Status.PENDING : RoleChange.Status.MANUAL;
            if (row.isEmpty()) {
                Long causeMembership = membershipId != null ? membershipId
                        : wanted.containsKey(change.username()) ? wanted.get(change.username()).membershipId() : null;
                store.plan(instanceId, change.username(), action, change.role(), null, status, causeMembership,
                        cause, now);
                waiting += status == RoleChange.Status.MANUAL ? 1 : 0;
                continue;
            }
            stillOpen.add(row.get().id());
            if (row.get().status() == RoleChange.Status.HELD) {
                store.update(row.get().id(), status, null, null, now);
            } else if (row.get().status() == RoleChange.Status.MARKED_DONE && !(server instanceof BelievedRoles)) {
                store.update(row.get().id(), RoleChange.Status.MANUAL, null, "The server does not show it yet", now);
            }
        }
        for (RolePlan.Change change : plan.held()) {
            Optional<RoleChange> row = open.stream()
                    .filter(it -> it.matches(change.username(), change.action().name(), change.role())).findFirst();
            if (row.isPresent()) {
                stillOpen.add(row.get().id());
            } else {
                store.plan(instanceId, change.username(), change.action().name(), change.role(), null,
                        RoleChange.Status.HELD, null, cause, now);
                waiting++;
            }
        }
        for (RolePlan.Kept kept : plan.kept()) {
            Optional<RoleChange> row = open.stream().filter(it -> it.status() == RoleChange.Status.KEPT
                    && it.username().equals(kept.username()) && kept.holds().equals(it.holds())
                    && it.role().equals(kept.wanted())).findFirst();
            row.ifPresentOrElse(it -> stillOpen.add(it.id()), () -> store.plan(instanceId, kept.username(), "KEEP",
                    kept.wanted(), kept.holds(), RoleChange.Status.KEPT,
                    wanted.containsKey(kept.username()) ? wanted.get(kept.username()).membershipId() : membershipId,
                    cause, now));
        }
        for (RoleChange row : open) {
            if (stillOpen.contains(row.id())) {
                continue;
            }
            if (row.status() == RoleChange.Status.KEPT) {
                store.update(row.id(), RoleChange.Status.RESOLVED, null, null, now);
                continue;
            }
            Holding holding = actual.get(row.username());
            String holdsNow = holding == null ? null : holding.role();
            boolean done = row.action().equals("GRANT") ? row.role().equals(holdsNow) : !row.role().equals(holdsNow);
            if (done && row.status() != RoleChange.Status.HELD) {
                String by = row.status() == RoleChange.Status.PENDING || row.status() == RoleChange.Status.FAILED
                        ? "found done on the server" : "operator, confirmed by the server";
                applied(instanceId, row, by, null);
            } else {
                store.update(row.id(), RoleChange.Status.SKIPPED, null, "No longer needed", now);
            }
        }
        if (waiting > 0) {
            // At most one alert a day: the page lists everything waiting.
            alerts.send(instanceId, OperatorAlerts.Kind.ROLES,
                    "roles-waiting:" + instanceId + ":" + now.atZone(java.time.ZoneOffset.UTC).toLocalDate(),
                    "alert.roles-waiting", "/operator/servers/" + instanceId + "/roles", waiting);
        }
    }

    /**
     * Whether a change goes to the writer by itself. Through the owner's command only for role names the owner
     * approved: until then the change waits in the manual queue with its command to copy.
     */
    private static boolean automatic(SyncSettings settings, ServerRoles server, String action, boolean approved) {
        if (server.writesThroughApi()) {
            return settings.writer() == SyncSettings.Writer.API;
        }
        String command = action.equals("GRANT") ? settings.grantCommand() : settings.removeCommand();
        return server instanceof MastodonRoles && settings.writer() == SyncSettings.Writer.COMMAND
                && command != null && !command.isBlank() && approved;
    }

    /** The role names the owner approved for the command, staff roles never among them. */
    private Set<String> approvedRoles(long instanceId) {
        Set<String> approved = new HashSet<>();
        store.roles(instanceId).stream().filter(row -> row.approved() && !row.untouchable())
                .forEach(row -> approved.add(row.name()));
        return approved;
    }

    /** Applies the due changes waiting for the writer; returns how many were applied. */
    private int apply(SyncSettings settings, Software software, ServerRoles server, ServerRoles.Target target,
            @Nullable String onlyUsername, Map<String, Holding> actual, Map<String, DesiredRoles.Wanted> wanted) {
        int applied = 0;
        for (RoleChange change : store.open(settings.instanceId())) {
            Instant now = clock.instant();
            if (change.status() != RoleChange.Status.PENDING
                    || (onlyUsername != null && !change.username().equals(onlyUsername))
                    || (change.nextAttemptAt() != null && now.isBefore(change.nextAttemptAt()))
                    || !actual.containsKey(change.username())) {
                continue;
            }
            try {
                String answer = write(settings, server, target, change, actual.get(change.username()),
                        wanted.get(change.username()));
                applied(settings.instanceId(), change, by(software), answer);
                applied++;
            } catch (CommandRunner.Refused refused) {
                store.attemptFailed(change.id(), RoleChange.Status.FAILED, refused.getMessage(), null, clock.instant());
            } catch (RateGate.Unavailable failure) {
                failed(change, failure.getMessage());
            }
        }
        return applied;
    }

    private @Nullable String write(SyncSettings settings, ServerRoles server, ServerRoles.Target target,
            RoleChange change, Holding holding, DesiredRoles.@Nullable Wanted wanted) {
        boolean grant = change.action().equals("GRANT");
        // Checked again at the moment of writing: the owner may have withdrawn an approval, or a read may have
        // shown the role with staff rights, since the change was planned.
        ManagedRoleRow role = store.roles(settings.instanceId()).stream()
                .filter(row -> row.name().equals(change.role())).findFirst().orElse(null);
        if (role == null || role.untouchable()) {
            throw new CommandRunner.Refused("rolesync.refused.staff-role");
        }
        if (server.writesThroughApi()) {
            if (grant) {
                server.grant(target, holding, change.role(), wanted == null ? null : wanted.until());
            } else {
                server.remove(target, holding, change.role());
            }
            return null;
        }
        if (!role.approved()) {
            throw new CommandRunner.Refused("rolesync.refused.not-approved");
        }
        String command = Objects.requireNonNull(grant ? settings.grantCommand() : settings.removeCommand());
        CommandRunner runner;
        try {
            runner = new CommandRunner(command, commandTimeout);
        } catch (IllegalArgumentException e) { // saved before today's rules: the owner must set it again
            throw new CommandRunner.Refused("rolesync.refused.command");
        }
        CommandRunner.Result result = runner.run(change.username(), change.role());
        if (!result.succeeded()) {
            throw new RateGate.Unavailable((result.timedOut() ? "Timed out after " + commandTimeout.toSeconds() + " s"
                    : "Exit code " + result.exitCode()) + (result.output().isBlank() ? "" : ": " + result.output().strip()));
        }
        return result.output().isBlank() ? null : result.output().strip();
    }

    private void failed(RoleChange change, String answer) {
        int attempts = change.attempts() + 1;
        Instant now = clock.instant();
        if (attempts >= MAX_ATTEMPTS) {
            store.attemptFailed(change.id(), RoleChange.Status.FAILED, answer, null, now);
        } else {
            store.attemptFailed(change.id(), RoleChange.Status.PENDING, answer, now.plus(backoff(attempts - 1)), now);
        }
    }

    /**
     * Records an applied change, who Upkeep gave a role to, and the member's mail, in one transaction: a crash
     * cannot leave a change applied without its mail or the other way round.
     */
    private void applied(long instanceId, RoleChange change, String by, @Nullable String answer) {
        transactions.executeWithoutResult(status -> {
            Instant now = clock.instant();
            store.update(change.id(), RoleChange.Status.APPLIED, by, answer, now);
            if (change.action().equals("GRANT")) {
                store.granted(instanceId, change.username(), change.role(), now);
            } else {
                store.removed(instanceId, change.username());
            }
            roleMails.changed(instanceId, change.id(), change.username(), change.role(), change.action().equals("GRANT"));
        });
    }

    /** One minute, doubling, at most six hours, plus up to a fifth more so servers' retries spread out. */
    static Duration backoff(int failures) {
        long minutes = Math.min(360, 1L << Math.min(failures, 9));
        long jitter = ThreadLocalRandom.current().nextLong(minutes * 12 + 1);
        return Duration.ofMinutes(minutes).plusSeconds(jitter);
    }

    private static String by(Software software) {
        return software == Software.MASTODON ? "command" : software.name().charAt(0)
                + software.name().substring(1).toLowerCase(java.util.Locale.ROOT) + " admin API";
    }

    /** The operator made a change by hand; the next read of the account confirms it (GoToSocial: none can). */
    boolean markDone(long instanceId, long changeId, String by) {
        RoleChange change = store.change(instanceId, changeId).filter(it -> it.status() == RoleChange.Status.MANUAL)
                .orElse(null);
        Software software = servers.connection(instanceId).map(Connection::software).orElse(null);
        if (change == null || software == null) {
            return false;
        }
        Instant now = clock.instant();
        if (software == Software.GOTOSOCIAL) {
            applied(instanceId, change, by, null);
        } else {
            store.update(changeId, RoleChange.Status.MARKED_DONE, by, null, now);
            member(instanceId, change.username(), change.membershipId(), "marked done by " + by);
        }
        return true;
    }

    /** The operator confirms a change the safety valve held. */
    boolean release(long instanceId, long changeId, String by) {
        RoleChange change = store.change(instanceId, changeId).filter(it -> it.status() == RoleChange.Status.HELD)
                .orElse(null);
        Software software = servers.connection(instanceId).map(Connection::software).orElse(null);
        if (change == null || software == null) {
            return false;
        }
        boolean automatic = automatic(store.settings(instanceId), serverRoles(software), change.action(),
                approvedRoles(instanceId).contains(change.role()));
        store.update(changeId, automatic ? RoleChange.Status.PENDING : RoleChange.Status.MANUAL,
                "confirmed by " + by, null, clock.instant());
        member(instanceId, change.username(), change.membershipId(), "confirmed by " + by);
        return true;
    }

    /** The operator sends a change that kept failing back to the writer. */
    boolean retry(long instanceId, long changeId, String by) {
        RoleChange change = store.change(instanceId, changeId).filter(it -> it.status() == RoleChange.Status.FAILED)
                .orElse(null);
        if (change == null) {
            return false;
        }
        store.retry(changeId, "retried by " + by, clock.instant());
        member(instanceId, change.username(), change.membershipId(), "retried by " + by);
        return true;
    }

    ServerRoles serverRoles(Software software) {
        return switch (software) {
            case MASTODON -> new MastodonRoles(store);
            case MISSKEY -> new MisskeyRoles(store);
            case AKKOMA -> new AkkomaTags();
            case GOTOSOCIAL -> new BelievedRoles(store);
        };
    }
}
