package social.upkeep.tier.internal;

import jakarta.validation.Valid;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.instance.StaffRoles;
import social.upkeep.shared.AmountField;
import social.upkeep.shared.Money;
import social.upkeep.tier.Tier;
import social.upkeep.tier.TierDetails;
import social.upkeep.tier.Tiers;

/** Operators define membership tiers: add, change, archive, and delete one nobody joined (after confirming). */
@Controller
@RequestMapping("/operator/servers/{id}/tiers")
class TierController {

    /** Role names as Mastodon, Misskey and Akkoma allow them: letters, digits, spaces, dashes, underscores. */
    private static final Pattern ROLE = Pattern.compile("^[\\p{L}\\p{N} _-]{1,100}$");
    /** No tier costs more than 100,000 a month or a year in its currency: anything above is a typo. */
    private static final BigDecimal LARGEST_PRICE = BigDecimal.valueOf(100_000);
    private static final int MOST_PERKS = 20;

    private final Instances instances;
    private final Tiers tiers;

    TierController(Instances instances, Tiers tiers) {
        this.instances = instances;
        this.tiers = tiers;
    }

    @ModelAttribute("server")
    Instance server(@PathVariable long id) {
        return instances.get(id);
    }

    @GetMapping
    String list(@ModelAttribute("server") Instance server, Model model) {
        model.addAttribute("tiers", tiers.all(server.id()));
        return "tier/list";
    }

    @GetMapping("/new")
    String newTier(Model model) {
        model.addAttribute("form", TierForm.blank());
        return "tier/form";
    }

    @PostMapping("/new")
    String create(@ModelAttribute("server") Instance server, @Valid @ModelAttribute("form") TierForm form,
            BindingResult result, Locale locale, RedirectAttributes redirect) {
        TierDetails details = details(server, form, result, locale);
        if (details == null) {
            return "tier/form";
        }
        tiers.create(server.id(), server.currency(), details);
        redirect.addFlashAttribute("notice", "tier.created");
        return "redirect:/operator/servers/" + server.id() + "/tiers";
    }

    @GetMapping("/{tierId}/edit")
    String edit(@ModelAttribute("server") Instance server, @PathVariable long tierId, Model model) {
        Tier tier = tiers.get(server.id(), tierId);
        model.addAttribute("tier", tier);
        model.addAttribute("form", TierForm.of(tier));
        return "tier/form";
    }

    @PostMapping("/{tierId}/edit")
    String update(@ModelAttribute("server") Instance server, @PathVariable long tierId,
            @Valid @ModelAttribute("form") TierForm form, BindingResult result, Locale locale, Model model,
            RedirectAttributes redirect) {
        model.addAttribute("tier", tiers.get(server.id(), tierId));
        TierDetails details = details(server, form, result, locale);
        if (details == null) {
            return "tier/form";
        }
        tiers.update(server.id(), tierId, details);
        redirect.addFlashAttribute("notice", "tier.saved");
        return "redirect:/operator/servers/" + server.id() + "/tiers";
    }

    @PostMapping("/{tierId}/archive")
    String archive(@ModelAttribute("server") Instance server, @PathVariable long tierId,
            @RequestParam(defaultValue = "true") boolean archived, RedirectAttributes redirect) {
        tiers.archive(server.id(), tierId, archived);
        redirect.addFlashAttribute("notice", archived ? "tier.archived" : "tier.restored");
        return "redirect:/operator/servers/" + server.id() + "/tiers";
    }

    @GetMapping("/{tierId}/delete")
    String confirmDelete(@ModelAttribute("server") Instance server, @PathVariable long tierId, Model model) {
        model.addAttribute("tier", tiers.get(server.id(), tierId));
        return "tier/delete";
    }

    @PostMapping("/{tierId}/delete")
    String delete(@ModelAttribute("server") Instance server, @PathVariable long tierId,
            @RequestParam(defaultValue = "") String confirm, RedirectAttributes redirect) {
        if (!"yes".equals(confirm)) {
            redirect.addFlashAttribute("problem", "tier.delete.unconfirmed");
            return "redirect:/operator/servers/" + server.id() + "/tiers/" + tierId + "/delete";
        }
        try {
            tiers.delete(server.id(), tierId);
            redirect.addFlashAttribute("notice", "tier.deleted");
        } catch (Tiers.TierInUse e) {
            redirect.addFlashAttribute("problem", "tier.delete.in-use");
        }
        return "redirect:/operator/servers/" + server.id() + "/tiers";
    }

    private @Nullable TierDetails details(Instance server, TierForm form, BindingResult result, Locale locale) {
        Money monthly = price(form.monthly(), server, locale, result, "monthly");
        Money yearly = price(form.yearly(), server, locale, result, "yearly");
        if (!result.hasFieldErrors("monthly") && !result.hasFieldErrors("yearly") && monthly == null
                && yearly == null) {
            result.rejectValue("monthly", "tier.price.required");
        }
        String role = form.serverRole() == null ? "" : form.serverRole().strip();
        if (!role.isEmpty() && !ROLE.matcher(role).matches()) {
            result.rejectValue("serverRole", "tier.role.invalid");
        } else if (!role.isEmpty() && StaffRoles.named(role)) {
            result.rejectValue("serverRole", "tier.role.staff");
        }
        List<String> perks = form.perks() == null ? List.of() : Arrays.stream(form.perks().split("\\R"))
                .map(String::strip).filter(perk -> !perk.isEmpty()).toList();
        if (perks.size() > MOST_PERKS || perks.stream().anyMatch(perk -> perk.length() > 200)) {
            result.rejectValue("perks", "tier.perks.too-many");
        }
        if (form.name() != null && form.name().chars().anyMatch(Character::isISOControl)) {
            result.rejectValue("name", "tier.name.invalid");
        }
        if (result.hasErrors()) {
            return null;
        }
        return new TierDetails(form.name().strip(), form.description() == null ? "" : form.description().strip(),
                perks, monthly, yearly, form.capacity(), role.isEmpty() ? null : role,
                Boolean.TRUE.equals(form.visible()));
    }

    private static @Nullable Money price(@Nullable String input, Instance server, Locale locale, BindingResult result,
            String field) {
        Money price = AmountField.optionalPositive(input, server.currency(), locale, result, field);
        if (price != null && price.toMajor().compareTo(LARGEST_PRICE) > 0) {
            result.rejectValue(field, "tier.price.too-large");
            return null;
        }
        return price;
    }
}
