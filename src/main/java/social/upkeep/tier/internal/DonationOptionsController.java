package social.upkeep.tier.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.shared.AmountField;
import social.upkeep.shared.Money;
import social.upkeep.tier.DonationOptions;
import social.upkeep.tier.Tiers;

/** Donation options: preset amounts, the bounds of a custom amount, and how often people may give. */
@Controller
@RequestMapping("/operator/servers/{id}/donations")
class DonationOptionsController {

    private static final int MOST_PRESETS = 6;
    /** The largest single donation an operator may allow: a million in the server's currency. */
    private static final BigDecimal LARGEST = BigDecimal.valueOf(1_000_000);

    private final Instances instances;
    private final Tiers tiers;

    DonationOptionsController(Instances instances, Tiers tiers) {
        this.instances = instances;
        this.tiers = tiers;
    }

    @ModelAttribute("server")
    Instance server(@PathVariable long id) {
        return instances.get(id);
    }

    @GetMapping
    String show(@ModelAttribute("server") Instance server, Model model) {
        model.addAttribute("options", tiers.donationOptions(server.id(), server.currency()));
        return "tier/donations";
    }

    @PostMapping
    String save(@ModelAttribute("server") Instance server, @RequestParam(defaultValue = "") String presets,
            @RequestParam(defaultValue = "") String minimum, @RequestParam(defaultValue = "") String maximum,
            @RequestParam(required = false) String oneTime, @RequestParam(required = false) String monthly,
            @RequestParam(required = false) String yearly, Locale locale, RedirectAttributes redirect) {
        var errors = new BeanPropertyBindingResult(new Object(), "donations");
        Money min = AmountField.positive(minimum, server.currency(), locale, errors, "");
        Money max = AmountField.positive(maximum, server.currency(), locale, errors, "");
        List<Money> amounts = new ArrayList<>();
        for (String preset : presets.split("[;\\s]+")) {
            if (!preset.isBlank()) {
                amounts.add(AmountField.positive(preset, server.currency(), locale, errors, ""));
            }
        }
        boolean once = oneTime != null;
        boolean everyMonth = monthly != null;
        boolean everyYear = yearly != null;
        String problem = errors.hasErrors() || min == null || max == null ? "donations.amount.invalid"
                : max.compareTo(min) < 0 ? "donations.bounds.reversed"
                : max.toMajor().compareTo(LARGEST) > 0 ? "donations.maximum.too-large"
                : amounts.size() > MOST_PRESETS ? "donations.presets.too-many"
                : amounts.stream().anyMatch(preset -> preset.compareTo(min) < 0 || preset.compareTo(max) > 0)
                        ? "donations.presets.out-of-bounds"
                : !(once || everyMonth || everyYear) ? "donations.frequency.required" : null;
        if (problem != null) {
            redirect.addFlashAttribute("problem", problem);
        } else {
            tiers.saveDonationOptions(server.id(), new DonationOptions(amounts.stream().distinct().sorted().toList(),
                    min, max, once, everyMonth, everyYear));
            redirect.addFlashAttribute("notice", "donations.saved");
        }
        return "redirect:/operator/servers/" + server.id() + "/donations";
    }
}
