package social.upkeep.billing.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.membership.Memberships;
import social.upkeep.shared.AmountField;
import social.upkeep.shared.Authorities;
import social.upkeep.shared.Money;
import social.upkeep.shared.NotFound;
import social.upkeep.shared.PublicUrls;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;
import social.upkeep.tier.DonationOptions;
import social.upkeep.tier.Tier;
import social.upkeep.tier.Tiers;

/** A signed-in supporter chooses a tier or a donation and is sent to Stripe's checkout page. */
@Controller
class CheckoutController {

    private final Instances instances;
    private final Tiers tiers;
    private final Supporters supporters;
    private final Checkouts checkouts;
    private final PublicUrls urls;
    private final Memberships memberships;
    private final MySupport support;

    CheckoutController(Instances instances, Tiers tiers, Supporters supporters, Checkouts checkouts,
            PublicUrls urls, Memberships memberships, MySupport support) {
        this.support = support;
        this.memberships = memberships;
        this.instances = instances;
        this.tiers = tiers;
        this.supporters = supporters;
        this.checkouts = checkouts;
        this.urls = urls;
    }

    /**
     * The support page; a choice made on the public page before signing in (tier, how often, amount) comes back
     * selected.
     */
    @GetMapping("/support/{host}")
    String choose(@PathVariable String host, @RequestParam(required = false) Long tier,
            @RequestParam(required = false) String frequency, @RequestParam(required = false) String amount,
            Model model) {
        Instance server = server(host);
        model.addAttribute("chosenTier", tier);
        model.addAttribute("chosenFrequency", frequency != null && frequency.matches("once|month|year") ? frequency
                : null);
        model.addAttribute("chosenAmount", amount != null && amount.matches("[0-9]{1,9}([.,][0-9]{1,3})?") ? amount
                : null);
        model.addAttribute("server", server);
        model.addAttribute("tiers", tiers.all(server.id()).stream().filter(Tier::open).toList());
        DonationOptions options = tiers.donationOptions(server.id(), server.currency());
        model.addAttribute("options", options);
        model.addAttribute("minimum", smallestDonation(options));
        model.addAttribute("closed", checkouts.closedBecause(server));
        return "billing/support";
    }

    @PostMapping("/support/{host}/checkout")
    String checkout(@PathVariable String host, @RequestParam(required = false) Long tier,
            @RequestParam(defaultValue = "") String frequency, @RequestParam(defaultValue = "") String amount,
            @RequestParam(required = false) String listing, @RequestParam(required = false) String publicName,
            Authentication authentication, HttpServletRequest request, Locale locale, Model model,
            RedirectAttributes redirect) {
        Instance server = server(host);
        Supporter supporter = Authorities.supporterId(authentication).flatMap(supporters::get)
                .orElseThrow(() -> new NotFound("Supporter"));
        Checkouts.Frequency often = switch (frequency) {
            case "once" -> Checkouts.Frequency.ONCE;
            case "month" -> Checkouts.Frequency.MONTH;
            case "year" -> Checkouts.Frequency.YEAR;
            default -> null;
        };
        Checkouts.Choice choice = often == null ? null
                : tier != null ? tierChoice(server, tier, often) : donationChoice(server, often, amount, locale);
        if (choice == null) {
            redirect.addFlashAttribute("problem", "checkout.invalid");
            return "redirect:/support/" + server.host();
        }
        if (choice.tierId() != null && memberOfATier(server, supporter)) {
            // One membership per server: a member changes or cancels theirs rather than starting a second.
            redirect.addFlashAttribute("notice", "checkout.already-member");
            return "redirect:/me";
        }
        if (choice.tierId() != null && full(server, tiers.get(server.id(), choice.tierId()))) {
            redirect.addFlashAttribute("problem", "checkout.tier-full");
            return "redirect:/support/" + server.host();
        }
        String closed = checkouts.closedBecause(server);
        if (closed != null) {
            redirect.addFlashAttribute("problem", closed);
            return "redirect:/support/" + server.host();
        }
        // Someone giving to this server for the first time chooses, before paying, whether to be named.
        if (listing == null && !support.gaveTo(supporter.id(), server.id())) {
            return naming(server, supporter, tier, frequency, amount, choice, null, model);
        }
        if (listing != null) {
            MySupport.Listing named = Arrays.stream(MySupport.Listing.values())
                    .filter(value -> value.name().equals(listing)).findFirst().orElse(null);
            String name = MySupport.normalise(publicName);
            String refusal = named == null ? "me.listing.invalid" : MySupport.refusal(named, name, supporter.handle());
            if (refusal != null) {
                return naming(server, supporter, tier, frequency, amount, choice, refusal, model);
            }
            support.recordListing(supporter.id(), server.id(), named, name);
        }
        try {
            URI stripe = checkouts.start(server, supporter, choice,
                    urls.of(request, "/support/" + server.host() + "/thanks"), urls.of(request, "/support/" + server.host()));
            return "redirect:" + stripe;
        } catch (StripeConnection.StripeRefused e) {
            redirect.addFlashAttribute("problem", e.reason());
            return "redirect:/support/" + server.host();
        }
    }

    /** The step before Stripe: what was chosen, and whether (and how) to be named on the public page. */
    private String naming(Instance server, Supporter supporter, @Nullable Long tier, String frequency, String amount,
            Checkouts.Choice choice, @Nullable String problem, Model model) {
        model.addAttribute("server", server);
        model.addAttribute("supporter", supporter);
        model.addAttribute("tier", tier);
        model.addAttribute("frequency", frequency);
        model.addAttribute("amount", amount);
        model.addAttribute("choice", choice);
        model.addAttribute("often", "support.thanks.freq." + choice.frequency().name());
        model.addAttribute("problem", problem);
        return "billing/naming";
    }

    /**
     * Thanks the supporter for their own checkout: what they chose, and "confirmed" only once Stripe's event about
     * it has been applied. Anyone else's checkout, none, or a stranger gets a plain 404.
     */
    @GetMapping("/support/{host}/thanks")
    String thanks(@PathVariable String host, @RequestParam(required = false) Long checkout,
            Authentication authentication, Model model) {
        Instance server = server(host);
        long supporter = Authorities.supporterId(authentication).orElseThrow(() -> new NotFound("Checkout"));
        Checkouts.Started started = checkout == null ? null
                : checkouts.ofSupporter(server.id(), supporter, checkout).orElse(null);
        if (started == null) {
            throw new NotFound("Checkout");
        }
        model.addAttribute("server", server);
        model.addAttribute("started", started);
        model.addAttribute("tierName", started.tierId() == null ? null : tiers.get(server.id(), started.tierId()).name());
        model.addAttribute("confirmed", started.completed());
        return "billing/thanks";
    }

    private boolean memberOfATier(Instance server, Supporter supporter) {
        return memberships.ofSupporter(server.id(), supporter.id()).stream()
                .anyMatch(m -> m.tierId() != null && memberships.entitlement(m).entitled());
    }

    private boolean full(Instance server, Tier tier) {
        return tier.capacity() != null && memberships.all(server.id(), null, tier.id()).stream()
                .filter(m -> memberships.entitlement(m).entitled()).count() >= tier.capacity();
    }

    /** Only an offered tier, with a price for the chosen frequency; never one of another server. */
    private Checkouts.Choice tierChoice(Instance server, long tierId, Checkouts.Frequency frequency) {
        Tier tier = tiers.get(server.id(), tierId);
        Money price = frequency == Checkouts.Frequency.MONTH ? tier.monthly()
                : frequency == Checkouts.Frequency.YEAR ? tier.yearly() : null;
        return !tier.open() || price == null ? null : new Checkouts.Choice(tier.id(), tier.name(), frequency, price);
    }

    /** A donation within the operator's bounds, at a frequency the operator allows, in the server's currency. */
    private Checkouts.Choice donationChoice(Instance server, Checkouts.Frequency frequency, String typed,
            Locale locale) {
        DonationOptions options = tiers.donationOptions(server.id(), server.currency());
        boolean allowed = switch (frequency) {
            case ONCE -> options.oneTime();
            case MONTH -> options.monthly();
            case YEAR -> options.yearly();
        };
        Money amount = AmountField.positive(typed, server.currency(), locale,
                new BeanPropertyBindingResult(new Object(), "donation"), "");
        return !allowed || amount == null || !options.accepts(amount) || !StripeCurrencies.takes(amount) ? null
                : new Checkouts.Choice(null, server.displayName(), frequency, amount);
    }

    /** The operator's minimum, raised to Stripe's smallest charge in the currency where that is higher. */
    private static Money smallestDonation(DonationOptions options) {
        Money stripe = StripeCurrencies.minimum(options.minimum().currency());
        return stripe != null && stripe.compareTo(options.minimum()) > 0 ? stripe : options.minimum();
    }

    private Instance server(String host) {
        return instances.findByHost(host).filter(server -> !server.demo())
                .orElseThrow(() -> new NotFound("Server " + host));
    }

}
