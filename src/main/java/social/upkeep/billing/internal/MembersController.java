package social.upkeep.billing.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.ledger.EntryKind;
import social.upkeep.ledger.Ledger;
import social.upkeep.ledger.LedgerEntry;
import social.upkeep.membership.GracePolicy;
import social.upkeep.membership.Membership;
import social.upkeep.membership.MembershipState;
import social.upkeep.membership.Memberships;
import social.upkeep.shared.CsvWriter;
import social.upkeep.shared.Money;
import social.upkeep.supporter.Supporters;
import social.upkeep.tier.Tier;
import social.upkeep.tier.Tiers;

/**
 * The operator's view of a server's members: the list with filters and search, the figures (monthly recurring
 * revenue, income this month, churn), the CSV of exactly what the page lists, a member's timeline,
 * complimentary memberships and the grace settings.
 */
@Controller
@RequestMapping("/operator/servers/{id}")
class MembersController {

    private final Instances instances;
    private final MemberDirectory directory;
    private final Memberships memberships;
    private final Tiers tiers;
    private final Supporters supporters;
    private final Ledger ledger;
    private final Invitations invitations;
    private final java.time.Clock clock;

    MembersController(Instances instances, MemberDirectory directory, Memberships memberships, Tiers tiers,
            Supporters supporters, Ledger ledger, Invitations invitations, java.time.Clock clock) {
        this.invitations = invitations;
        this.instances = instances;
        this.directory = directory;
        this.memberships = memberships;
        this.tiers = tiers;
        this.supporters = supporters;
        this.ledger = ledger;
        this.clock = clock;
    }

    @ModelAttribute("server")
    Instance server(@PathVariable long id) {
        return instances.get(id);
    }

    @GetMapping("/members")
    String list(@ModelAttribute("server") Instance server, @RequestParam(required = false) String state,
            @RequestParam(required = false) String tier, @RequestParam(defaultValue = "") String q, Model model) {
        MemberDirectory.Filter filter = filter(server, state, tier, q);
        List<MemberDirectory.Row> rows = directory.members(server, filter);
        model.addAttribute("filter", filter);
        model.addAttribute("rows", rows);
        model.addAttribute("totals", MemberDirectory.totals(server, rows));
        model.addAttribute("figures", directory.figures(server, paidBySupporters(server)));
        model.addAttribute("states", MembershipState.values());
        model.addAttribute("tiers", tiers.all(server.id()));
        model.addAttribute("policy", memberships.policy(server.id()));
        return "billing/members";
    }

    /**
     * What supporters paid through Stripe this month, less what went back to them (refunds, disputes): income
     * recorded by hand (a bank transfer, a grant) is not theirs to count here.
     */
    private Money paidBySupporters(Instance server) {
        return ledger.entries(server.id(), server.currentMonth(clock)).stream()
                .filter(entry -> EnumSet.of(EntryKind.INCOME, EntryKind.REFUND, EntryKind.DISPUTE).contains(entry.kind()))
                .map(LedgerEntry::amount).reduce(Money.zero(server.currency()), Money::plus);
    }

    /** The same list as the page with the same filters, ending with the same totals. */
    @GetMapping("/members.csv")
    ResponseEntity<String> csv(@ModelAttribute("server") Instance server, @RequestParam(required = false) String state,
            @RequestParam(required = false) String tier, @RequestParam(defaultValue = "") String q) {
        List<MemberDirectory.Row> rows = directory.members(server, filter(server, state, tier, q));
        var csv = new CsvWriter().row(List.of("supporter", "email", "tier", "state", "frequency", "currency", "amount",
                "monthly_recurring", "paid_through", "complimentary_until", "since"));
        for (var row : rows) {
            csv.row(List.of(CsvWriter.text(row.supporter()), CsvWriter.text(row.email() == null ? "" : row.email()),
                    CsvWriter.text(row.tier() == null ? "" : row.tier()), row.state().name(),
                    row.frequency() == null ? "" : row.frequency(),
                    row.amount() == null ? "" : row.amount().currency().getCurrencyCode(),
                    row.amount() == null ? "" : row.amount().toMajor().toPlainString(),
                    row.monthly() == null ? "" : row.monthly().toMajor().toPlainString(),
                    row.paidThrough() == null ? "" : row.paidThrough().toString(),
                    row.complimentaryUntil() == null ? "" : row.complimentaryUntil().toString(),
                    row.since().toString()));
        }
        var totals = MemberDirectory.totals(server, rows);
        csv.row(List.of("total", "", "", String.valueOf(totals.members()), "",
                totals.monthlyRecurring().currency().getCurrencyCode(), "",
                totals.monthlyRecurring().toMajor().toPlainString(), "", "", ""));
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + server.host() + "-members.csv\"")
                .body(csv.toString());
    }

    @GetMapping("/members/{membership}")
    String timeline(@ModelAttribute("server") Instance server, @PathVariable long membership, Model model) {
        Membership m = memberships.get(server.id(), membership);
        model.addAttribute("membership", m);
        model.addAttribute("supporter", supporters.get(m.supporterId()).orElseThrow());
        model.addAttribute("tier", m.tierId() == null ? null : tiers.get(server.id(), m.tierId()));
        model.addAttribute("entitlement", memberships.entitlement(m));
        model.addAttribute("timeline", directory.timeline(server, membership));
        return "billing/member";
    }

    @PostMapping("/members/complimentary")
    String grant(@ModelAttribute("server") Instance server, @RequestParam(defaultValue = "") String supporter,
            @RequestParam(required = false) Long tier, @RequestParam(defaultValue = "") String until,
            @RequestParam(defaultValue = "") String note, Authentication authentication, java.util.Locale locale,
            RedirectAttributes redirect) {
        var invitee = Invitations.invitee(supporter);
        if (invitee.isEmpty()) {
            redirect.addFlashAttribute("problem", "members.complimentary.not-an-address");
            return "redirect:/operator/servers/" + server.id() + "/members";
        }
        Tier chosen = tier == null ? null : tiers.get(server.id(), tier);
        LocalDate end;
        try {
            end = until.isBlank() ? null : LocalDate.parse(until.strip());
        } catch (DateTimeParseException e) {
            end = LocalDate.MIN;
        }
        if (end != null && !end.isAfter(server.today(clock))) {
            redirect.addFlashAttribute("problem", "members.complimentary.until-invalid");
            return "redirect:/operator/servers/" + server.id() + "/members";
        }
        String why = note.strip();
        if (why.length() > 500) {
            redirect.addFlashAttribute("problem", "members.complimentary.note-too-long");
            return "redirect:/operator/servers/" + server.id() + "/members";
        }
        Instant endsAt = end == null ? null : end.atStartOfDay(server.timeZone()).toInstant();
        var member = directory.supporterOf(server.id(), invitee.get());
        if (member.isEmpty()) {
            // Not this server's supporter: only they can make it so, by accepting. Known elsewhere or not, the
            // operator hears the same.
            var sent = invitations.invite(server, invitee.get(), chosen == null ? null : chosen.id(), endsAt, why,
                    authentication.getName(), locale);
            redirect.addFlashAttribute("notice", sent.mailed() ? "members.complimentary.invited.mail"
                    : "members.complimentary.invited.link");
            if (!sent.mailed()) {
                redirect.addFlashAttribute("invitationUrl", sent.url());
            }
            return "redirect:/operator/servers/" + server.id() + "/members";
        }
        Membership granted = memberships.grantComplimentary(server.id(), member.get(),
                chosen == null ? null : chosen.id(), endsAt, why, authentication.getName());
        redirect.addFlashAttribute("notice", "members.complimentary.granted");
        return "redirect:/operator/servers/" + server.id() + "/members/" + granted.id();
    }

    @PostMapping("/members/{membership}/end")
    String end(@ModelAttribute("server") Instance server, @PathVariable long membership,
            @RequestParam(defaultValue = "false") boolean confirm, Authentication authentication,
            RedirectAttributes redirect) {
        Membership m = memberships.get(server.id(), membership);
        if (!m.complimentary()) {
            redirect.addFlashAttribute("problem", "members.end.paid");
        } else if (!confirm) {
            redirect.addFlashAttribute("problem", "members.end.confirm");
        } else {
            memberships.endComplimentary(server.id(), membership, authentication.getName());
            redirect.addFlashAttribute("notice", "members.end.done");
        }
        return "redirect:/operator/servers/" + server.id() + "/members/" + membership;
    }

    @PostMapping("/members/grace")
    String grace(@ModelAttribute("server") Instance server, @RequestParam(defaultValue = "") String graceDays,
            @RequestParam(defaultValue = "false") boolean refundEndsAtOnce,
            @RequestParam(defaultValue = "false") boolean disputeEndsAtOnce, RedirectAttributes redirect) {
        int days;
        try {
            days = Integer.parseInt(graceDays.strip());
        } catch (NumberFormatException e) {
            days = -1;
        }
        if (days < 0 || days > 90) {
            redirect.addFlashAttribute("problem", "members.grace.invalid");
            return "redirect:/operator/servers/" + server.id() + "/members";
        }
        memberships.savePolicy(server.id(), new GracePolicy(Duration.ofDays(days), refundEndsAtOnce,
                disputeEndsAtOnce));
        redirect.addFlashAttribute("notice", "members.grace.saved");
        return "redirect:/operator/servers/" + server.id() + "/members";
    }

    private MemberDirectory.Filter filter(Instance server, String state, String tier, String q) {
        MembershipState wanted = null;
        if (state != null && !state.isBlank()) {
            try {
                wanted = MembershipState.valueOf(state);
            } catch (IllegalArgumentException e) {
                wanted = null;
            }
        }
        Long tierId = null;
        if (tier != null && !tier.isBlank()) {
            try {
                tierId = tiers.get(server.id(), Long.parseLong(tier)).id();
            } catch (NumberFormatException e) {
                tierId = null;
            }
        }
        String query = q.strip();
        return new MemberDirectory.Filter(wanted, tierId, query.length() > 100 ? query.substring(0, 100) : query);
    }
}
