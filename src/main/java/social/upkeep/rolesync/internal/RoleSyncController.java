package social.upkeep.rolesync.internal;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import social.upkeep.instance.Connection;
import social.upkeep.instance.FediverseServers;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.instance.Software;
import social.upkeep.rolesync.CommandRunner;
import social.upkeep.rolesync.MemberRoles;
import social.upkeep.shared.NotFound;

/**
 * The operator's role sync page: settings, the changes waiting for them (by hand, held by the safety valve,
 * failing), the accounts kept as they are, and the audit trail. Only the owner of this Upkeep sets the command
 * it runs: it runs on Upkeep's own machine.
 */
@Controller
class RoleSyncController {

    private static final Pattern REMOTE_ID = Pattern.compile("^[A-Za-z0-9_-]{1,100}$");
    /** Answers that are message keys, not output: always shown. */
    private static final Pattern MESSAGE_KEY = Pattern.compile("^(rolesync|outbound)\\.[a-z.-]+$");
    private static final int RECENT = 200;

    private final Instances instances;
    private final FediverseServers servers;
    private final RoleSyncStore store;
    private final RoleSyncRuns runs;
    private final MemberRoles memberRoles;

    RoleSyncController(Instances instances, FediverseServers servers, RoleSyncStore store, RoleSyncRuns runs,
            MemberRoles memberRoles) {
        this.instances = instances;
        this.servers = servers;
        this.store = store;
        this.runs = runs;
        this.memberRoles = memberRoles;
    }

    /** A change as the page lists it, with the command an operator would run for it by hand. */
    record Row(RoleChange change, String command) {
    }

    @GetMapping("/operator/servers/{id}/roles")
    String show(@PathVariable long id, Authentication who, Model model) {
        Instance server = instances.get(id);
        @Nullable Software software = servers.connection(id).filter(Connection::usable).map(Connection::software)
                .orElse(null);
        SyncSettings settings = store.settings(id);
        model.addAttribute("server", server);
        model.addAttribute("software", software);
        model.addAttribute("settings", settings);
        model.addAttribute("sharePercent", Math.round(settings.safetyShare() * 100));
        model.addAttribute("status", memberRoles.status(id));
        runs.knowTierRoles(id);
        model.addAttribute("roles", store.roles(id));
        model.addAttribute("owner", owner(who));
        model.addAttribute("writers", software == null ? List.of() : writers(software));
        ServerRoles roles = software == null ? null : runs.serverRoles(software);
        // What the owner's command printed is the owner's to share: it may hold anything the command prints.
        boolean hideOutput = software == Software.MASTODON && !owner(who) && !settings.showOutput();
        List<Row> open = store.open(id).stream().map(change -> visible(change, hideOutput))
                .map(change -> new Row(change, roles == null ? ""
                        : roles.manualCommand(change.action(), change.username(), change.role()))).toList();
        model.addAttribute("manual", open.stream().filter(row -> row.change().status() == RoleChange.Status.MANUAL
                || row.change().status() == RoleChange.Status.MARKED_DONE).toList());
        model.addAttribute("held", status(open, RoleChange.Status.HELD));
        model.addAttribute("failed", status(open, RoleChange.Status.FAILED));
        model.addAttribute("pending", status(open, RoleChange.Status.PENDING));
        model.addAttribute("kept", status(open, RoleChange.Status.KEPT));
        model.addAttribute("recent", store.recent(id, RECENT).stream().map(change -> visible(change, hideOutput))
                .toList());
        return "rolesync/page";
    }

    private static RoleChange visible(RoleChange change, boolean hideOutput) {
        return hideOutput && change.answer() != null && !MESSAGE_KEY.matcher(change.answer()).matches()
                ? change.withAnswer("rolesync.output-hidden") : change;
    }

    private static List<Row> status(List<Row> rows, RoleChange.Status status) {
        return rows.stream().filter(row -> row.change().status() == status).toList();
    }

    static List<SyncSettings.Writer> writers(Software software) {
        return switch (software) {
            case MASTODON -> List.of(SyncSettings.Writer.MANUAL, SyncSettings.Writer.COMMAND);
            case MISSKEY, AKKOMA -> List.of(SyncSettings.Writer.API, SyncSettings.Writer.MANUAL);
            case GOTOSOCIAL -> List.of(SyncSettings.Writer.MANUAL);
        };
    }

    @PostMapping("/operator/servers/{id}/roles/settings")
    String save(@PathVariable long id, @RequestParam(defaultValue = "false") boolean enabled,
            @RequestParam(defaultValue = "MANUAL") String writer, @RequestParam(defaultValue = "20") String sharePercent,
            @RequestParam(required = false) @Nullable String grantCommand,
            @RequestParam(required = false) @Nullable String removeCommand,
            @RequestParam(defaultValue = "false") boolean showOutput, Authentication who, RedirectAttributes redirect) {
        instances.get(id);
        Software software = servers.connection(id).filter(Connection::usable).map(Connection::software).orElse(null);
        if (software == null) {
            return problem(id, "rolesync.problem.not-connected", redirect);
        }
        SyncSettings.Writer chosen;
        try {
            chosen = SyncSettings.Writer.valueOf(writer.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return problem(id, "rolesync.problem.writer", redirect);
        }
        if (!writers(software).contains(chosen)) {
            return problem(id, "rolesync.problem.writer", redirect);
        }
        int percent;
        try {
            percent = Integer.parseInt(sharePercent.strip());
        } catch (NumberFormatException e) {
            return problem(id, "rolesync.problem.share", redirect);
        }
        if (percent < 1 || percent > 100) {
            return problem(id, "rolesync.problem.share", redirect);
        }
        SyncSettings before = store.settings(id);
        String grant = before.grantCommand();
        String remove = before.removeCommand();
        if (owner(who)) {
            grant = blankToNull(grantCommand);
            remove = blankToNull(removeCommand);
            if (!validCommand(grant) || !validCommand(remove)) {
                return problem(id, "rolesync.problem.command", redirect);
            }
        }
        if (chosen == SyncSettings.Writer.COMMAND && grant == null) {
            return problem(id, "rolesync.problem.no-command", redirect);
        }
        store.saveSettings(id, enabled, chosen, grant, remove, percent / 100.0, runs.now());
        if (owner(who)) {
            store.showOutput(id, showOutput);
        }
        redirect.addFlashAttribute("notice", "rolesync.saved");
        return "redirect:/operator/servers/" + id + "/roles";
    }

    private static boolean validCommand(@Nullable String command) {
        if (command == null) {
            return true;
        }
        if (command.length() > 1000 || command.chars().anyMatch(c -> c < 0x20)) {
            return false;
        }
        try {
            new CommandRunner(command, Duration.ofSeconds(1));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @PostMapping("/operator/servers/{id}/roles/role")
    String saveRole(@PathVariable long id, @RequestParam String name, @RequestParam(defaultValue = "") String remoteId,
            @RequestParam(defaultValue = "false") boolean entirelyManaged,
            @RequestParam(defaultValue = "false") boolean approved, Authentication who, RedirectAttributes redirect) {
        instances.get(id);
        if (store.roles(id).stream().noneMatch(role -> role.name().equals(name))) {
            throw new NotFound("Role");
        }
        String remote = remoteId.strip();
        if (!remote.isEmpty() && !REMOTE_ID.matcher(remote).matches()) {
            return problem(id, "rolesync.problem.role-id", redirect);
        }
        store.saveRole(id, name, remote.isEmpty() ? null : remote, entirelyManaged);
        if (owner(who)) { // only the owner lets a name reach the command, which runs on Upkeep's own machine
            store.approve(id, name, approved);
        }
        store.markDirty(id);
        redirect.addFlashAttribute("notice", "rolesync.role.saved");
        return "redirect:/operator/servers/" + id + "/roles";
    }

    @PostMapping("/operator/servers/{id}/roles/changes/{change}/done")
    String done(@PathVariable long id, @PathVariable long change, Authentication who, RedirectAttributes redirect) {
        instances.get(id);
        if (!runs.markDone(id, change, who.getName())) {
            throw new NotFound("Role change");
        }
        redirect.addFlashAttribute("notice", "rolesync.marked-done");
        return "redirect:/operator/servers/" + id + "/roles";
    }

    @PostMapping("/operator/servers/{id}/roles/changes/{change}/confirm")
    String confirm(@PathVariable long id, @PathVariable long change,
            @RequestParam(defaultValue = "false") boolean confirm, Authentication who, RedirectAttributes redirect) {
        instances.get(id);
        if (!confirm) {
            return problem(id, "rolesync.problem.confirm", redirect);
        }
        if (!runs.release(id, change, who.getName())) {
            throw new NotFound("Role change");
        }
        redirect.addFlashAttribute("notice", "rolesync.confirmed");
        return "redirect:/operator/servers/" + id + "/roles";
    }

    @PostMapping("/operator/servers/{id}/roles/changes/{change}/retry")
    String retry(@PathVariable long id, @PathVariable long change, Authentication who, RedirectAttributes redirect) {
        instances.get(id);
        if (!runs.retry(id, change, who.getName())) {
            throw new NotFound("Role change");
        }
        redirect.addFlashAttribute("notice", "rolesync.retried");
        return "redirect:/operator/servers/" + id + "/roles";
    }

    @PostMapping("/operator/servers/{id}/roles/run")
    String run(@PathVariable long id, RedirectAttributes redirect) {
        instances.get(id);
        RoleSyncRuns.Outcome outcome = runs.full(id, "run by the operator");
        redirect.addFlashAttribute(outcome.stoppedBecause() == null ? "notice" : "problem",
                outcome.stoppedBecause() == null ? "rolesync.ran" : "rolesync.problem.run");
        return "redirect:/operator/servers/" + id + "/roles";
    }

    private static String problem(long id, String key, RedirectAttributes redirect) {
        redirect.addFlashAttribute("problem", key);
        return "redirect:/operator/servers/" + id + "/roles";
    }

    private static boolean owner(Authentication who) {
        return who.getAuthorities().stream().anyMatch(authority -> "ROLE_OWNER".equals(authority.getAuthority()));
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
