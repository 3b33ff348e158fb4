package social.upkeep.billing.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import social.upkeep.membership.Membership;
import social.upkeep.notification.FediverseNotices;
import social.upkeep.notification.Unsubscribes;
import social.upkeep.shared.Authorities;
import social.upkeep.shared.Money;
import social.upkeep.shared.NotFound;
import social.upkeep.shared.PublicUrls;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;

/**
 * "My support": the supporter's memberships and what they entitle to, their payments, the way to Stripe's
 * portal for each membership, and whether each server may name them publicly.
 */
@Controller
class MySupportController {

    /** The optional mail a supporter may choose. */
    static final java.util.List<String> SUPPORTER_MAIL = java.util.List.of("membership", "roles", "report");

    private final Supporters supporters;
    private final Unsubscribes unsubscribes;
    private final MySupport support;
    private final StripePortal portal;
    private final PublicUrls urls;
    private final TierChanges tierChanges;
    private final FediverseNotices notices;

    MySupportController(Supporters supporters, Unsubscribes unsubscribes, MySupport support, StripePortal portal,
            PublicUrls urls, TierChanges tierChanges, FediverseNotices notices) {
        this.tierChanges = tierChanges;
        this.notices = notices;
        this.supporters = supporters;
        this.unsubscribes = unsubscribes;
        this.support = support;
        this.portal = portal;
        this.urls = urls;
    }

    @GetMapping("/me")
    String mine(Authentication authentication, Model model, java.util.Locale locale) {
        Supporter supporter = supporter(authentication);
        supporters.rememberLocale(supporter.id(), locale);
        model.addAttribute("supporter", supporter);
        model.addAttribute("memberships", support.memberships(supporter.id()));
        model.addAttribute("payments", support.payments(supporter.id()));
        model.addAttribute("listings", support.listings(supporter.id()));
        model.addAttribute("mailKinds", SUPPORTER_MAIL);
        model.addAttribute("optedOut", supporter.email() == null ? java.util.Set.of()
                : SUPPORTER_MAIL.stream().filter(kind -> unsubscribes.optedOutEverywhere(supporter.email(), kind))
                        .toList());
        model.addAttribute("noticesOptedOut", notices.optedOut(supporter.id()));
        return "billing/me";
    }

    /** Whether news of their membership and role may come as direct messages (supporters without an address). */
    @PostMapping("/me/notices")
    String notices(@RequestParam(defaultValue = "false") boolean wanted, Authentication authentication,
            RedirectAttributes redirect) {
        notices.optOut(supporter(authentication).id(), !wanted);
        redirect.addFlashAttribute("notice", wanted ? "me.notices.on" : "me.notices.off");
        return "redirect:/me";
    }

    /** To Stripe's portal for the supporter's own membership; any other id answers 404. */
    @PostMapping("/me/memberships/{membership}/manage")
    String manage(@PathVariable long membership, Authentication authentication, HttpServletRequest request,
            RedirectAttributes redirect) {
        Membership mine = support.membership(supporter(authentication).id(), membership)
                .filter(m -> m.customerId() != null)
                .orElseThrow(() -> new NotFound("membership " + membership));
        try {
            return "redirect:" + portal.session(mine.instanceId(), mine.customerId(), urls.of(request, "/me"));
        } catch (StripeConnection.StripeRefused e) {
            redirect.addFlashAttribute("problem", e.reason());
            return "redirect:/me";
        }
    }

    /** Moves the supporter's own active membership to another open tier of the same server. */
    @PostMapping("/me/memberships/{membership}/tier")
    String changeTier(@PathVariable long membership, @RequestParam(defaultValue = "0") long tier,
            Authentication authentication, RedirectAttributes redirect) {
        Membership mine = support.membership(supporter(authentication).id(), membership)
                .orElseThrow(() -> new NotFound("membership " + membership));
        var choice = support.tierChoices(mine).stream().filter(option -> option.tier().id() == tier).findFirst();
        if (choice.isEmpty()) {
            redirect.addFlashAttribute("problem", "me.tier.invalid");
            return "redirect:/me";
        }
        try {
            tierChanges.change(mine, choice.get().tier(), choice.get().price());
            redirect.addFlashAttribute("notice", "me.tier.changing");
        } catch (StripeConnection.StripeRefused e) {
            redirect.addFlashAttribute("problem", e.reason());
        }
        return "redirect:/me";
    }

    /** Changes the amount of the supporter's own active recurring donation, within the server's bounds. */
    @PostMapping("/me/memberships/{membership}/amount")
    String changeAmount(@PathVariable long membership, @RequestParam(defaultValue = "") String amount,
            Authentication authentication, Locale locale, RedirectAttributes redirect) {
        Membership mine = support.membership(supporter(authentication).id(), membership)
                .orElseThrow(() -> new NotFound("membership " + membership));
        Optional<Money> wanted = support.donationAmount(mine, amount, locale);
        if (wanted.isEmpty()) {
            redirect.addFlashAttribute("problem", "me.amount.invalid");
            return "redirect:/me";
        }
        try {
            tierChanges.change(mine, null, wanted.get());
            redirect.addFlashAttribute("notice", "me.amount.changing");
        } catch (StripeConnection.StripeRefused e) {
            redirect.addFlashAttribute("problem", e.reason());
        }
        return "redirect:/me";
    }

    /** Which optional mail the supporter gets; receipts and sign-in links always come. */
    @PostMapping("/me/mail")
    String mail(@RequestParam(defaultValue = "") java.util.List<String> kinds, Authentication authentication,
            RedirectAttributes redirect) {
        Supporter supporter = supporter(authentication);
        if (supporter.email() == null) {
            redirect.addFlashAttribute("problem", "me.mail.no-address");
            return "redirect:/me";
        }
        if (!SUPPORTER_MAIL.containsAll(kinds)) {
            redirect.addFlashAttribute("problem", "me.mail.invalid");
            return "redirect:/me";
        }
        for (String kind : SUPPORTER_MAIL) {
            if (kinds.contains(kind)) {
                unsubscribes.optIn(supporter.email(), kind);
            } else {
                unsubscribes.optOut(supporter.email(), kind, null);
            }
        }
        redirect.addFlashAttribute("notice", "me.mail.saved");
        return "redirect:/me";
    }

    @PostMapping("/me/listing")
    String listing(@RequestParam long server, @RequestParam(defaultValue = "ANONYMOUS") String listing,
            @RequestParam(required = false) String publicName, Authentication authentication,
            RedirectAttributes redirect) {
        Supporter supporter = supporter(authentication);
        MySupport.Listing choice;
        try {
            choice = MySupport.Listing.valueOf(listing);
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("problem", "me.listing.invalid");
            return "redirect:/me";
        }
        String name = MySupport.normalise(publicName);
        String refusal = MySupport.refusal(choice, name, supporter.handle());
        if (refusal != null) {
            redirect.addFlashAttribute("problem", refusal);
            return "redirect:/me";
        }
        if (!support.saveListing(supporter.id(), server, choice, name)) {
            throw new NotFound("server " + server);
        }
        redirect.addFlashAttribute("notice", "me.listing.saved");
        return "redirect:/me";
    }

    private Supporter supporter(Authentication authentication) {
        long id = Authorities.supporterId(authentication).orElseThrow(() -> new NotFound("Supporter"));
        return supporters.get(id).orElseThrow(() -> new NotFound("Supporter"));
    }
}
