package social.upkeep.grant.internal;

import jakarta.validation.Valid;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Currency;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import social.upkeep.expense.Expenses;
import social.upkeep.grant.Grant;
import social.upkeep.grant.GrantDetails;
import social.upkeep.grant.GrantStatus;
import social.upkeep.grant.Grants;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.ledger.LedgerRefusal;
import social.upkeep.shared.AmountField;
import social.upkeep.shared.Currencies;
import social.upkeep.shared.Money;

/** Operators record grants, the tranches they receive, the reports they owe, and the expenses paid from them. */
@Controller
@RequestMapping("/operator/servers/{id}/grants")
class GrantController {

    private final Instances instances;
    private final Grants grants;
    private final Expenses expenses;
    private final Clock clock;

    GrantController(Instances instances, Grants grants, Expenses expenses, Clock clock) {
        this.instances = instances;
        this.grants = grants;
        this.expenses = expenses;
        this.clock = clock;
    }

    @ModelAttribute("server")
    Instance server(@PathVariable long id) {
        return instances.get(id);
    }

    @ModelAttribute("statuses")
    GrantStatus[] statuses() {
        return GrantStatus.values();
    }

    @GetMapping
    String list(@ModelAttribute("server") Instance server, Model model) {
        model.addAttribute("grants", grants.all(server.id()));
        return "grant/list";
    }

    @GetMapping("/new")
    String form(@ModelAttribute("server") Instance server, Model model) {
        LocalDate today = server.today(clock);
        model.addAttribute("form", new GrantForm("", "", "", server.currency().getCurrencyCode(), "AWARDED", today,
                today.plusYears(1), true, true));
        return "grant/form";
    }

    @PostMapping("/new")
    String create(@ModelAttribute("server") Instance server, @Valid @ModelAttribute("form") GrantForm form,
            BindingResult result, Locale locale, RedirectAttributes redirect) {
        Currency currency = Currencies.parse(form.currency()).orElse(null);
        if (currency == null) {
            result.rejectValue("currency", "server.currency.invalid");
        }
        Money amount = currency == null ? null : AmountField.positive(form.amount(), currency, locale, result, "amount");
        GrantStatus status = Arrays.stream(GrantStatus.values()).filter(s -> s.name().equals(form.status()))
                .findFirst().orElse(null);
        if (status == null) {
            result.rejectValue("status", "grant.status.invalid");
        }
        if (form.startsOn() != null && form.endsOn() != null && form.endsOn().isBefore(form.startsOn())) {
            result.rejectValue("endsOn", "grant.ends-before-start");
        }
        if (result.hasErrors() || amount == null || status == null) {
            return "grant/form";
        }
        Grant grant = grants.create(server.id(), new GrantDetails(form.funder().strip(), form.purpose().strip(), amount,
                status, form.startsOn(), form.endsOn(), Boolean.TRUE.equals(form.restricted()), Boolean.TRUE.equals(form.visible())));
        redirect.addFlashAttribute("notice", "grant.created");
        return "redirect:/operator/servers/" + server.id() + "/grants/" + grant.id();
    }

    @GetMapping("/{grantId}")
    String detail(@ModelAttribute("server") Instance server, @PathVariable long grantId, Model model) {
        model.addAttribute("grant", grants.get(server.id(), grantId));
        model.addAttribute("expenses", expenses.all(server.id()).stream().filter(e -> !e.voided()).limit(200).toList());
        model.addAttribute("today", server.today(clock));
        return "grant/detail";
    }

    @PostMapping("/{grantId}/status")
    String status(@ModelAttribute("server") Instance server, @PathVariable long grantId, @RequestParam String status,
            RedirectAttributes redirect) {
        Arrays.stream(GrantStatus.values()).filter(s -> s.name().equals(status)).findFirst().ifPresentOrElse(
                s -> {
                    grants.setStatus(server.id(), grantId, s);
                    redirect.addFlashAttribute("notice", "grant.saved");
                },
                () -> redirect.addFlashAttribute("problem", "grant.status.invalid"));
        return back(server, grantId);
    }

    @PostMapping("/{grantId}/tranches")
    String addTranche(@ModelAttribute("server") Instance server, @PathVariable long grantId,
            @RequestParam String expectedOn, @RequestParam String amount, Locale locale, RedirectAttributes redirect) {
        Grant grant = grants.get(server.id(), grantId);
        LocalDate date = date(expectedOn);
        var errors = new BeanPropertyBindingResult(new Object(), "tranche");
        Money money = AmountField.positive(amount, grant.amount().currency(), locale, errors, "");
        if (date == null || money == null) {
            redirect.addFlashAttribute("problem", date == null ? "form.date.required" : "grant.amount.invalid");
        } else {
            grants.addTranche(server.id(), grantId, date, money);
            redirect.addFlashAttribute("notice", "grant.saved");
        }
        return back(server, grantId);
    }

    @PostMapping("/{grantId}/tranches/{trancheId}/received")
    String receive(@ModelAttribute("server") Instance server, @PathVariable long grantId, @PathVariable long trancheId,
            @RequestParam String receivedOn, @RequestParam(required = false) String booked, Locale locale,
            RedirectAttributes redirect) {
        Grant grant = grants.get(server.id(), grantId);
        Grant.Tranche tranche = grant.tranches().stream().filter(t -> t.id() == trancheId).findFirst()
                .orElseThrow(() -> new social.upkeep.shared.NotFound("Tranche"));
        LocalDate date = date(receivedOn);
        var errors = new BeanPropertyBindingResult(new Object(), "tranche");
        Money bookedMoney = tranche.amount().currency().equals(server.currency()) ? tranche.amount()
                : AmountField.positive(booked, server.currency(), locale, errors, "");
        if (date == null || date.isAfter(server.today(clock)) || date.isBefore(server.foundedOn())) {
            redirect.addFlashAttribute("problem", "grant.received.date");
        } else if (bookedMoney == null) {
            redirect.addFlashAttribute("problem", "grant.amount.invalid");
        } else {
            try {
                grants.receiveTranche(server.id(), grantId, trancheId, date, bookedMoney);
                redirect.addFlashAttribute("notice", "grant.received");
            } catch (LedgerRefusal e) {
                redirect.addFlashAttribute("problem", e.reason().messageKey());
            }
        }
        return back(server, grantId);
    }

    @PostMapping("/{grantId}/deadlines")
    String addDeadline(@ModelAttribute("server") Instance server, @PathVariable long grantId,
            @RequestParam String dueOn, @RequestParam String what, RedirectAttributes redirect) {
        LocalDate date = date(dueOn);
        String text = what.strip();
        if (date == null || text.isEmpty() || text.length() > 300) {
            redirect.addFlashAttribute("problem", "grant.deadline.invalid");
        } else {
            grants.addDeadline(server.id(), grantId, date, text);
            redirect.addFlashAttribute("notice", "grant.saved");
        }
        return back(server, grantId);
    }

    @PostMapping("/{grantId}/deadlines/{deadlineId}/done")
    String deadlineDone(@ModelAttribute("server") Instance server, @PathVariable long grantId,
            @PathVariable long deadlineId, RedirectAttributes redirect) {
        grants.markDeadlineDone(server.id(), grantId, deadlineId);
        redirect.addFlashAttribute("notice", "grant.saved");
        return back(server, grantId);
    }

    @PostMapping("/{grantId}/allocations")
    String allocate(@ModelAttribute("server") Instance server, @PathVariable long grantId, @RequestParam long expenseId,
            RedirectAttributes redirect) {
        grants.allocate(server.id(), grantId, expenseId);
        redirect.addFlashAttribute("notice", "grant.allocated");
        return back(server, grantId);
    }

    private static String back(Instance server, long grantId) {
        return "redirect:/operator/servers/" + server.id() + "/grants/" + grantId;
    }

    private static @Nullable LocalDate date(String text) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
