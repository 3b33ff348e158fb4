package social.upkeep.instance.internal;

import jakarta.validation.Valid;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import social.upkeep.instance.Hosts;
import social.upkeep.instance.Instance;
import social.upkeep.instance.InstanceDetails;
import social.upkeep.instance.Instances;
import social.upkeep.shared.AmountField;

/** Operators add a server by hand and keep its profile up to date. */
@Controller
class InstanceController {

    /** Currencies Stripe settles in, most common first; the reporting currency is one of them. */
    static final List<String> CURRENCIES = List.of("EUR", "USD", "GBP", "CHF", "CAD", "AUD", "NZD", "JPY", "SEK",
            "NOK", "DKK", "PLN", "CZK", "HUF", "RON", "BGN", "BRL", "MXN", "SGD", "HKD", "INR", "ZAR", "KWD");
    static final List<String> TIME_ZONES = ZoneId.getAvailableZoneIds().stream()
            .filter(zone -> zone.contains("/") && !zone.startsWith("Etc/") && !zone.startsWith("SystemV/"))
            .sorted().toList();

    private final Instances instances;
    private final Clock clock;

    InstanceController(Instances instances, Clock clock) {
        this.instances = instances;
        this.clock = clock;
    }

    @ModelAttribute
    void choices(Model model) {
        model.addAttribute("currencies", CURRENCIES);
        model.addAttribute("timeZones", TIME_ZONES);
    }

    @GetMapping("/operator/servers")
    String list(Model model) {
        model.addAttribute("servers", instances.all());
        return "instance/list";
    }

    @GetMapping("/operator/servers/new")
    String newServer(Model model) {
        model.addAttribute("form", InstanceForm.blank(LocalDate.now(clock)));
        return "instance/form";
    }

    @PostMapping("/operator/servers/new")
    String create(@Valid @ModelAttribute("form") InstanceForm form, BindingResult result, Locale locale,
            RedirectAttributes redirect) {
        InstanceDetails details = details(form, result, locale);
        if (details == null) {
            return "instance/form";
        }
        try {
            Instance created = instances.create(details, false);
            redirect.addFlashAttribute("notice", "server.created");
            return "redirect:/operator/servers/" + created.id();
        } catch (Instances.HostTaken e) {
            result.rejectValue("host", "server.host.taken");
            return "instance/form";
        }
    }

    @GetMapping("/operator/servers/{id}/edit")
    String edit(@PathVariable long id, Model model) {
        Instance instance = instances.get(id);
        model.addAttribute("server", instance);
        model.addAttribute("form", InstanceForm.of(instance));
        return "instance/form";
    }

    @PostMapping("/operator/servers/{id}/edit")
    String update(@PathVariable long id, @Valid @ModelAttribute("form") InstanceForm form, BindingResult result,
            Locale locale, Model model, RedirectAttributes redirect) {
        Instance instance = instances.get(id);
        model.addAttribute("server", instance);
        // Host and currency are fixed once created: links and the ledger depend on them.
        var fixed = new InstanceForm(instance.host(), form.displayName(), instance.currency().getCurrencyCode(),
                form.timeZone(), form.foundedOn(), form.monthlyGoal(), form.activeUsers());
        InstanceDetails details = details(fixed, result, locale);
        if (details == null) {
            return "instance/form";
        }
        instances.update(id, details);
        redirect.addFlashAttribute("notice", "server.updated");
        return "redirect:/operator/servers/" + id;
    }

    private @Nullable InstanceDetails details(InstanceForm form, BindingResult result, Locale locale) {
        String host = Hosts.normalise(form.host());
        if (!result.hasFieldErrors("host") && !Hosts.valid(host)) {
            result.rejectValue("host", "server.host.invalid");
        }
        Currency currency = null;
        if (CURRENCIES.contains(form.currency())) {
            currency = Currency.getInstance(form.currency());
        } else if (!result.hasFieldErrors("currency")) {
            result.rejectValue("currency", "server.currency.invalid");
        }
        ZoneId zone = null;
        try {
            if (TIME_ZONES.contains(form.timeZone())) {
                zone = ZoneId.of(form.timeZone());
            }
        } catch (DateTimeException ignored) {
            // refused below
        }
        if (zone == null && !result.hasFieldErrors("timeZone")) {
            result.rejectValue("timeZone", "server.time-zone.invalid");
        }
        if (form.foundedOn() != null && form.foundedOn().isAfter(LocalDate.now(clock))) {
            result.rejectValue("foundedOn", "server.founded.future");
        }
        var goal = currency == null ? null
                : AmountField.optionalPositive(form.monthlyGoal(), currency, locale, result, "monthlyGoal");
        if (result.hasErrors() || currency == null || zone == null || form.foundedOn() == null) {
            return null;
        }
        return new InstanceDetails(host, form.displayName().strip(), currency, zone, form.foundedOn(), goal,
                form.activeUsers());
    }

}
