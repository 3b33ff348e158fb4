package social.upkeep.expense.internal;

import jakarta.validation.Valid;
import java.time.Clock;
import java.util.Locale;
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
import social.upkeep.expense.ExpenseDetails;
import social.upkeep.expense.Expenses;
import social.upkeep.expense.RecurringCosts;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;

/** Operators set up costs that come back every month, and end them. */
@Controller
@RequestMapping("/operator/servers/{id}/recurring")
class RecurringCostController {

    private final Instances instances;
    private final Expenses expenses;
    private final RecurringCosts recurring;
    private final Clock clock;

    RecurringCostController(Instances instances, Expenses expenses, RecurringCosts recurring, Clock clock) {
        this.instances = instances;
        this.expenses = expenses;
        this.recurring = recurring;
        this.clock = clock;
    }

    @ModelAttribute("server")
    Instance server(@PathVariable long id) {
        return instances.get(id);
    }

    @GetMapping
    String list(@ModelAttribute("server") Instance server, Model model) {
        model.addAttribute("costs", recurring.all(server.id()));
        return "expense/recurring";
    }

    @GetMapping("/new")
    String form(@ModelAttribute("server") Instance server, Model model) {
        model.addAttribute("form", ExpenseForm.blank(null, server.today(clock), server.currency().getCurrencyCode()));
        model.addAttribute("categories", expenses.categories(server.id()));
        model.addAttribute("dayOfMonth", 1);
        return "expense/recurring-form";
    }

    @PostMapping("/new")
    String add(@ModelAttribute("server") Instance server, @Valid @ModelAttribute("form") ExpenseForm form,
            BindingResult result, @RequestParam(defaultValue = "0") int dayOfMonth, Locale locale, Model model,
            RedirectAttributes redirect) {
        model.addAttribute("categories", expenses.categories(server.id()));
        model.addAttribute("dayOfMonth", dayOfMonth);
        ExpenseDetails first = ExpenseFormReader.read(server, form, expenses.categories(server.id()),
                server.today(clock).plusYears(1), result, locale);
        if (dayOfMonth < 1 || dayOfMonth > 28) {
            model.addAttribute("dayOfMonthError", true);
            return "expense/recurring-form";
        }
        if (first == null) {
            return "expense/recurring-form";
        }
        recurring.add(server.id(), first, dayOfMonth);
        redirect.addFlashAttribute("notice", "recurring.added");
        return "redirect:/operator/servers/" + server.id() + "/recurring";
    }

    @PostMapping("/{costId}/end")
    String end(@ModelAttribute("server") Instance server, @PathVariable long costId, RedirectAttributes redirect) {
        recurring.end(server.id(), costId, server.today(clock));
        redirect.addFlashAttribute("notice", "recurring.ended");
        return "redirect:/operator/servers/" + server.id() + "/recurring";
    }
}
