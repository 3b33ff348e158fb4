package social.upkeep.ledger.internal;

import jakarta.validation.Valid;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.ledger.Booking;
import social.upkeep.ledger.EntryKind;
import social.upkeep.ledger.Ledger;
import social.upkeep.ledger.LedgerRefusal;
import social.upkeep.ledger.ManualIncome;
import social.upkeep.shared.AmountField;
import social.upkeep.shared.Money;

/** Operators record donations that arrived outside Stripe: bank transfers, cash, another platform. */
@Controller
class ManualIncomeController {

    private static final List<String> SOURCES = ManualIncome.SOURCES;

    private final Instances instances;
    private final Ledger ledger;
    private final Clock clock;

    ManualIncomeController(Instances instances, Ledger ledger, Clock clock) {
        this.instances = instances;
        this.ledger = ledger;
        this.clock = clock;
    }

    @GetMapping("/operator/servers/{id}/income/new")
    String form(@PathVariable long id, Model model) {
        Instance server = instances.get(id);
        model.addAttribute("server", server);
        model.addAttribute("sources", SOURCES);
        model.addAttribute("form", new ManualIncomeForm(UUID.randomUUID().toString(), server.today(clock), "",
                "bank-transfer", ""));
        return "ledger/income";
    }

    @PostMapping("/operator/servers/{id}/income/new")
    String record(@PathVariable long id, @Valid @ModelAttribute("form") ManualIncomeForm form, BindingResult result,
            Locale locale, Model model, RedirectAttributes redirect) {
        Instance server = instances.get(id);
        model.addAttribute("server", server);
        model.addAttribute("sources", SOURCES);
        Money amount = AmountField.positive(form.amount(), server.currency(), locale, result, "amount");
        if (form.receivedOn() != null && form.receivedOn().isAfter(server.today(clock))) {
            result.rejectValue("receivedOn", "form.date.future");
        }
        if (form.receivedOn() != null && form.receivedOn().isBefore(server.foundedOn())) {
            result.rejectValue("receivedOn", "form.date.before-server");
        }
        if (!SOURCES.contains(form.source())) {
            result.rejectValue("source", "income.source.required");
        }
        if (result.hasErrors() || amount == null || form.receivedOn() == null) {
            return "ledger/income";
        }
        String description = form.description() == null || form.description().isBlank()
                ? form.source() : form.description().strip();
        try {
            ledger.book(new Booking(id, EntryKind.MANUAL_INCOME, amount, null, form.receivedOn(), description,
                    form.source(), "manual:" + form.token()));
        } catch (LedgerRefusal e) {
            result.rejectValue("receivedOn", e.reason().messageKey());
            return "ledger/income";
        }
        redirect.addFlashAttribute("notice", "income.recorded");
        return "redirect:/operator/servers/" + id;
    }
}
