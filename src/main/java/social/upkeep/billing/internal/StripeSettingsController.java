package social.upkeep.billing.internal;

import com.stripe.model.Account;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.shared.PublicUrls;

/** A server's Stripe settings: keys (write-only), mode, the check, and the webhook endpoint. */
@Controller
class StripeSettingsController {

    private final Instances instances;
    private final StripeAccounts accounts;
    private final StripeConnection stripe;
    private final PublicUrls urls;

    StripeSettingsController(Instances instances, StripeAccounts accounts, StripeConnection stripe, PublicUrls urls) {
        this.instances = instances;
        this.accounts = accounts;
        this.stripe = stripe;
        this.urls = urls;
    }

    @GetMapping("/operator/servers/{id}/stripe")
    String show(@PathVariable long id, HttpServletRequest request, Model model) {
        Instance server = instances.get(id);
        model.addAttribute("server", server);
        model.addAttribute("stripe", accounts.find(id).orElse(null));
        model.addAttribute("webhookUrl", webhookUrl(id, request));
        return "billing/stripe";
    }

    @PostMapping("/operator/servers/{id}/stripe")
    String save(@PathVariable long id, @RequestParam(defaultValue = "") String secretKey,
            @RequestParam(defaultValue = "") String webhookSecret, RedirectAttributes redirect) {
        instances.get(id);
        String key = secretKey.strip();
        String hook = webhookSecret.strip();
        if (!StripeAccounts.SECRET_KEY.matcher(key).matches()) {
            redirect.addFlashAttribute("problem", "stripe.key.invalid");
        } else if (!hook.isEmpty() && !StripeAccounts.WEBHOOK_SECRET.matcher(hook).matches()) {
            redirect.addFlashAttribute("problem", "stripe.webhook-secret.invalid");
        } else {
            accounts.saveKeys(id, key, hook.isEmpty() ? null : hook);
            redirect.addFlashAttribute("notice", "stripe.saved");
        }
        return "redirect:/operator/servers/" + id + "/stripe";
    }

    @PostMapping("/operator/servers/{id}/stripe/check")
    String check(@PathVariable long id, RedirectAttributes redirect) {
        Instance server = instances.get(id);
        try {
            Account account = stripe.check(id);
            boolean sameCurrency = server.currency().getCurrencyCode().equalsIgnoreCase(account.getDefaultCurrency());
            redirect.addFlashAttribute(sameCurrency ? "notice" : "problem",
                    sameCurrency ? "stripe.checked" : "stripe.currency-differs");
        } catch (StripeConnection.StripeRefused e) {
            redirect.addFlashAttribute("problem", e.reason());
        }
        return "redirect:/operator/servers/" + id + "/stripe";
    }

    @PostMapping("/operator/servers/{id}/stripe/webhook")
    String createWebhook(@PathVariable long id, HttpServletRequest request, RedirectAttributes redirect) {
        instances.get(id);
        try {
            stripe.createWebhookEndpoint(id, webhookUrl(id, request));
            redirect.addFlashAttribute("notice", "stripe.webhook-created");
        } catch (StripeConnection.StripeRefused e) {
            redirect.addFlashAttribute("problem", e.reason());
        }
        return "redirect:/operator/servers/" + id + "/stripe";
    }

    private String webhookUrl(long id, HttpServletRequest request) {
        return urls.of(request, WebhookIntake.PATH + id).toString();
    }
}
