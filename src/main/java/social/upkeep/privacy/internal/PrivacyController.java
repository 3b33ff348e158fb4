package social.upkeep.privacy.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
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
import social.upkeep.billing.SupporterStripe;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.membership.Memberships;
import social.upkeep.privacy.internal.PrivacyStore.ErasedBy;
import social.upkeep.shared.Retention;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;

/**
 * A server's privacy settings (the contact and text its privacy page adds, and whether erasing a supporter deletes
 * their Stripe customer), what the retention job last did, and erasing a supporter who asked the operator.
 */
@Controller
@RequestMapping("/operator/servers/{id}/privacy")
class PrivacyController {

    static final int STATEMENT_LENGTH = 5000;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s<>\"]{1,64}@[a-z0-9.-]{1,253}\\.[a-z]{2,63}$");

    private final Instances instances;
    private final PrivacyStore store;
    private final Retention retention;
    private final Supporters supporters;
    private final Memberships memberships;
    private final SupporterStripe stripe;
    private final Erasures erasures;
    private final java.time.Clock clock;

    PrivacyController(Instances instances, PrivacyStore store, Retention retention, Supporters supporters,
            Memberships memberships, SupporterStripe stripe, Erasures erasures, java.time.Clock clock) {
        this.instances = instances;
        this.store = store;
        this.retention = retention;
        this.supporters = supporters;
        this.memberships = memberships;
        this.stripe = stripe;
        this.erasures = erasures;
        this.clock = clock;
    }

    @ModelAttribute("server")
    Instance server(@PathVariable long id) {
        return instances.get(id);
    }

    @GetMapping
    String page(@ModelAttribute("server") Instance server, Model model) {
        model.addAttribute("settings", store.settings(server.id()));
        model.addAttribute("retention", retention);
        model.addAttribute("lastRun", store.lastRetentionRun().orElse(null));
        model.addAttribute("erasures", store.erasures(server.id(), 20));
        return "privacy/settings";
    }

    @PostMapping
    String save(@ModelAttribute("server") Instance server, @RequestParam(defaultValue = "") String contact,
            @RequestParam(defaultValue = "") String statement,
            @RequestParam(defaultValue = "false") boolean deleteStripeCustomers, RedirectAttributes redirect) {
        String reach = contact.strip();
        if (!reach.isEmpty() && !validContact(reach)) {
            redirect.addFlashAttribute("problem", "privacy.settings.contact-invalid");
            return back(server);
        }
        String text = statement.strip().replace("\r\n", "\n");
        if (text.length() > STATEMENT_LENGTH) {
            redirect.addFlashAttribute("problem", "privacy.settings.statement-too-long");
            return back(server);
        }
        store.save(server.id(), new PrivacyStore.Settings(reach.isEmpty() ? null : normalise(reach), text,
                deleteStripeCustomers), clock.instant());
        redirect.addFlashAttribute("notice", "privacy.settings.saved");
        return back(server);
    }

    /** Who is about to be erased, found by handle, address or (from the member page) id, and what will happen. */
    @GetMapping("/erase")
    String confirmErasure(@ModelAttribute("server") Instance server, @RequestParam(defaultValue = "") String who,
            @RequestParam(required = false) Long supporter, Model model, RedirectAttributes redirect) {
        Optional<Supporter> found = supporter != null ? supporters.get(supporter)
                : who.isBlank() ? Optional.empty() : supporters.find(who);
        found = found.filter(it -> (it.email() != null || it.handle() != null)
                && stripe.serversOf(it.id()).contains(server.id()));
        if (found.isEmpty()) {
            redirect.addFlashAttribute("problem", "privacy.erase.not-found");
            return back(server);
        }
        model.addAttribute("supporter", found.get());
        model.addAttribute("memberships", memberships.ofSupporter(server.id(), found.get().id()));
        model.addAttribute("cancelled", memberships.liveSubscriptions(found.get().id()));
        model.addAttribute("deletesCustomer", store.settings(server.id()).deleteStripeCustomers());
        return "privacy/erase";
    }

    @PostMapping("/erase")
    String erase(@ModelAttribute("server") Instance server, @RequestParam long supporter,
            @RequestParam(defaultValue = "false") boolean confirm, Authentication authentication,
            RedirectAttributes redirect) {
        boolean ours = supporters.get(supporter).filter(it -> it.email() != null || it.handle() != null)
                .filter(it -> stripe.serversOf(it.id()).contains(server.id())).isPresent();
        if (!ours) {
            redirect.addFlashAttribute("problem", "privacy.erase.not-found");
            return back(server);
        }
        if (!confirm) {
            redirect.addFlashAttribute("problem", "privacy.erase.confirm-needed");
            return "redirect:/operator/servers/" + server.id() + "/privacy/erase?supporter=" + supporter;
        }
        try {
            erasures.erase(supporter, ErasedBy.OPERATOR, authentication.getName());
        } catch (SupporterStripe.Unreachable e) {
            redirect.addFlashAttribute("problem", e.messageKey());
            return "redirect:/operator/servers/" + server.id() + "/privacy/erase?supporter=" + supporter;
        }
        redirect.addFlashAttribute("notice", "privacy.erase.done");
        return back(server);
    }

    private static String back(Instance server) {
        return "redirect:/operator/servers/" + server.id() + "/privacy";
    }

    static boolean validContact(String contact) {
        if (contact.length() > 254) {
            return false;
        }
        if (EMAIL.matcher(contact.toLowerCase(Locale.ROOT)).matches()) {
            return true;
        }
        try {
            URI uri = URI.create(contact);
            return "https".equals(uri.getScheme()) && uri.getHost() != null && uri.getUserInfo() == null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String normalise(String contact) {
        return contact.startsWith("https://") ? contact : contact.toLowerCase(Locale.ROOT);
    }

    /** A contact as the privacy page links it: a mail address or an https page. */
    static @Nullable String contactLink(@Nullable String contact) {
        return contact == null ? null : contact.startsWith("https://") ? contact : "mailto:" + contact;
    }
}
