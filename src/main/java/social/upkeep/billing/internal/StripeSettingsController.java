package social.upkeep.billing.internal;

import com.stripe.exception.StripeException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Locale;
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
import social.upkeep.shared.AmountField;
import social.upkeep.shared.Money;
import social.upkeep.shared.PublicUrls;

/**
 * A server's Stripe settings: keys (write-only), mode, the check, the webhook endpoint, events that failed to
 * apply (with Stripe's answer and a retry), and the last comparison of the books with Stripe.
 */
@Controller
class StripeSettingsController {

    private final Instances instances;
    private final StripeAccounts accounts;
    private final StripeConnection stripe;
    private final PublicUrls urls;
    private final EventQueue queue;
    private final Reconciliation reconciliation;
    private final Clock clock;
    private final StripeBookkeeping bookkeeping;
    private final Checkouts checkouts;

    StripeSettingsController(Instances instances, StripeAccounts accounts, StripeConnection stripe, PublicUrls urls,
            EventQueue queue, Reconciliation reconciliation, Clock clock, StripeBookkeeping bookkeeping,
            Checkouts checkouts) {
        this.bookkeeping = bookkeeping;
        this.checkouts = checkouts;
        this.queue = queue;
        this.reconciliation = reconciliation;
        this.clock = clock;
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
        model.addAttribute("troubled", queue.troubled(id));
        model.addAttribute("balanceCheck", reconciliation.lastBalanceCheck(id).orElse(null));
        model.addAttribute("closed", checkouts.closedBecause(server));
        model.addAttribute("unbooked", bookkeeping.unbooked(id));
        return "billing/stripe";
    }

    /**
     * The operator books an amount Stripe settled in another currency at what it came to in the server's
     * currency (from the payout or bank statement).
     */
    @PostMapping("/operator/servers/{id}/stripe/unbooked")
    String bookWaiting(@PathVariable long id, @RequestParam(defaultValue = "") String key,
            @RequestParam(defaultValue = "") String amount, Locale locale, RedirectAttributes redirect) {
        Instance server = instances.get(id);
        Money money = AmountField.positive(amount, server.currency(), locale,
                new BeanPropertyBindingResult(new Object(), "unbooked"), "");
        if (money == null) {
            redirect.addFlashAttribute("problem", "stripe.unbooked.amount-invalid");
        } else {
            boolean booked = bookkeeping.bookWaiting(server, key, money);
            redirect.addFlashAttribute(booked ? "notice" : "problem",
                    booked ? "stripe.unbooked.booked" : "stripe.unbooked.gone");
        }
        return "redirect:/operator/servers/" + id + "/stripe";
    }

    /** The operator has fixed what made an event fail and asks for it to be applied again now. */
    @PostMapping("/operator/servers/{id}/stripe/events/{event}/retry")
    String retry(@PathVariable long id, @PathVariable String event, RedirectAttributes redirect) {
        instances.get(id);
        boolean retrying = queue.retry(id, event);
        redirect.addFlashAttribute(retrying ? "notice" : "problem",
                retrying ? "stripe.event.retrying" : "stripe.event.not-failed");
        return "redirect:/operator/servers/" + id + "/stripe";
    }

    /** After an outage: every event that was given up is applied again, in the order Stripe created them. */
    @PostMapping("/operator/servers/{id}/stripe/events/retry-all")
    String retryAll(@PathVariable long id, RedirectAttributes redirect) {
        instances.get(id);
        int retrying = queue.retryAll(id);
        redirect.addFlashAttribute(retrying > 0 ? "notice" : "problem",
                retrying > 0 ? "stripe.event.retrying-all" : "stripe.event.not-failed");
        return "redirect:/operator/servers/" + id + "/stripe";
    }

    @PostMapping("/operator/servers/{id}/stripe/balance-check")
    String checkBalance(@PathVariable long id, RedirectAttributes redirect) {
        Instance server = instances.get(id);
        try {
            var check = reconciliation.checkBalance(id, server.currentMonth(clock).minusMonths(1));
            redirect.addFlashAttribute(check.differences().isEmpty() ? "notice" : "problem",
                    check.differences().isEmpty() ? "stripe.balance.agrees" : "stripe.balance.differs");
        } catch (StripeException e) {
            redirect.addFlashAttribute("problem", StripeConnection.reason(e));
        }
        return "redirect:/operator/servers/" + id + "/stripe";
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
            boolean sameCurrency = server.currency().getCurrencyCode().equalsIgnoreCase(stripe.check(id));
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
