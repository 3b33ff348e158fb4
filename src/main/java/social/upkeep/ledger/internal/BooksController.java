package social.upkeep.ledger.internal;

import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.ledger.Ledger;
import social.upkeep.ledger.LedgerRefusal;
import social.upkeep.ledger.MonthClosing;
import social.upkeep.ledger.MonthTotals;
import social.upkeep.shared.Money;
import social.upkeep.shared.NotFound;

/** A server's books for its operator: this month, the balance, the entries, and closing months. */
@Controller
class BooksController {

    /** More months than any confirmation needs to show one by one (a server founded years before Upkeep). */
    private static final int MAX_LISTED = 120;

    private final Instances instances;
    private final Ledger ledger;
    private final MonthClosing closing;
    private final Clock clock;
    private final social.upkeep.shared.ServerChecklist checklist;

    BooksController(Instances instances, Ledger ledger, MonthClosing closing, Clock clock,
            social.upkeep.shared.ServerChecklist checklist) {
        this.checklist = checklist;
        this.instances = instances;
        this.ledger = ledger;
        this.closing = closing;
        this.clock = clock;
    }

    @GetMapping("/operator/servers/{id}")
    String overview(@PathVariable long id, Model model, java.util.Locale locale,
            jakarta.servlet.http.HttpServletRequest request) {
        Instance server = instances.get(id);
        YearMonth month = server.currentMonth(clock);
        model.addAttribute("server", server);
        model.addAttribute("month", ledger.totals(id, month));
        model.addAttribute("balance", ledger.balance(id, month));
        var next = closing.nextToClose(id);
        model.addAttribute("nextToClose", next.orElse(null));
        // More than one month over and open: offer to close them all with one confirmation.
        YearMonth lastOver = month.minusMonths(1);
        model.addAttribute("lastToClose", next.filter(n -> n.isBefore(lastOver)).map(n -> lastOver).orElse(null));
        model.addAttribute("closedMonths", closing.closedMonths(id));
        model.addAttribute("checklist", checklist.of(id, locale, request.getServerName()));
        return "ledger/overview";
    }

    @GetMapping("/operator/servers/{id}/ledger")
    String entries(@PathVariable long id, @RequestParam(required = false) String month, Model model) {
        Instance server = instances.get(id);
        YearMonth shown = month == null ? server.currentMonth(clock) : parseMonth(month);
        model.addAttribute("server", server);
        model.addAttribute("shown", shown);
        model.addAttribute("entries", ledger.entries(id, shown));
        model.addAttribute("totals", ledger.totals(id, shown));
        return "ledger/entries";
    }

    /** One month the confirmation lists, with what it publishes. */
    record ToClose(YearMonth month, MonthTotals totals, Money balance) {
    }

    /**
     * Closing a month closes every open month before it too, so the confirmation lists each of them with its
     * totals: one confirmation for all, and nothing closed that the operator did not see.
     */
    @GetMapping("/operator/servers/{id}/close")
    String confirmClose(@PathVariable long id, @RequestParam String month, Model model) {
        Instance server = instances.get(id);
        YearMonth through = parseMonth(month);
        YearMonth first = closing.nextToClose(id).orElse(through);
        var months = new java.util.ArrayList<ToClose>();
        for (YearMonth m = first; !m.isAfter(through) && months.size() < MAX_LISTED; m = m.plusMonths(1)) {
            months.add(new ToClose(m, ledger.totals(id, m), ledger.balance(id, m)));
        }
        model.addAttribute("server", server);
        model.addAttribute("closing", through);
        model.addAttribute("months", months);
        model.addAttribute("count", first.isAfter(through) ? 0 : first.until(through, java.time.temporal.ChronoUnit.MONTHS) + 1);
        return "ledger/close";
    }

    @PostMapping("/operator/servers/{id}/close")
    String close(@PathVariable long id, @RequestParam String month, RedirectAttributes redirect) {
        instances.get(id);
        try {
            closing.closeThrough(id, parseMonth(month));
            redirect.addFlashAttribute("notice", "books.closed");
        } catch (LedgerRefusal e) {
            redirect.addFlashAttribute("problem", e.reason().messageKey());
        }
        return "redirect:/operator/servers/" + id;
    }

    private static YearMonth parseMonth(String month) {
        try {
            return YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw new NotFound("Month " + month.length());
        }
    }
}
