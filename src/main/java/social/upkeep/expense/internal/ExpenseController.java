package social.upkeep.expense.internal;

import jakarta.validation.Valid;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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
import social.upkeep.expense.Expense;
import social.upkeep.expense.ExpenseDetails;
import social.upkeep.expense.Expenses;
import social.upkeep.expense.Receipt;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.ledger.LedgerRefusal;
import social.upkeep.shared.NotFound;

/** Operators add, correct and void a server's expenses. Every URL names the server; ids of another's are 404. */
@Controller
@RequestMapping("/operator/servers/{id}")
class ExpenseController {

    private final Instances instances;
    private final Expenses expenses;
    private final Clock clock;

    ExpenseController(Instances instances, Expenses expenses, Clock clock) {
        this.instances = instances;
        this.expenses = expenses;
        this.clock = clock;
    }

    @ModelAttribute("server")
    Instance server(@PathVariable long id) {
        return instances.get(id);
    }

    @GetMapping("/expenses")
    String list(@PathVariable long id, Model model) {
        model.addAttribute("expenses", expenses.all(id));
        model.addAttribute("categories", expenses.categories(id));
        model.addAttribute("ownCategories", expenses.ownCategories(id));
        return "expense/list";
    }

    @GetMapping("/expenses/new")
    String newExpense(@ModelAttribute("server") Instance server, Model model) {
        model.addAttribute("form", ExpenseForm.blank(UUID.randomUUID().toString(), server.today(clock),
                server.currency().getCurrencyCode()));
        model.addAttribute("categories", expenses.categories(server.id()));
        return "expense/form";
    }

    @PostMapping("/expenses/new")
    String add(@ModelAttribute("server") Instance server, @Valid @ModelAttribute("form") ExpenseForm form,
            BindingResult result, Locale locale, Model model, RedirectAttributes redirect) {
        model.addAttribute("categories", expenses.categories(server.id()));
        ExpenseDetails details = details(server, form, result, locale);
        ReceiptCheck.Outcome receipt = ReceiptCheck.check(form.receipt());
        if (receipt instanceof ReceiptCheck.Refused refused) {
            result.rejectValue("receipt", refused.messageKey());
        }
        if (details == null || result.hasErrors()) {
            chooseAgain(receipt, form, model);
            return "expense/form";
        }
        String token = form.token() != null && form.token().matches("[0-9a-f-]{36}") ? form.token() : null;
        try {
            expenses.add(server.id(), details, receipt instanceof ReceiptCheck.Accepted a ? a.receipt() : null,
                    form.showReceipt(), token);
        } catch (LedgerRefusal e) {
            result.rejectValue("spentOn", e.reason().messageKey());
            return "expense/form";
        }
        redirect.addFlashAttribute("notice", "expense.added");
        return "redirect:/operator/servers/" + server.id() + "/expenses";
    }

    @GetMapping("/expenses/{expenseId}/edit")
    String edit(@ModelAttribute("server") Instance server, @PathVariable long expenseId, Model model) {
        Expense expense = expenses.get(server.id(), expenseId);
        model.addAttribute("expense", expense);
        model.addAttribute("form", ExpenseForm.of(expense));
        model.addAttribute("categories", expenses.categories(server.id()));
        return "expense/form";
    }

    @PostMapping("/expenses/{expenseId}/edit")
    String update(@ModelAttribute("server") Instance server, @PathVariable long expenseId,
            @Valid @ModelAttribute("form") ExpenseForm form, BindingResult result, Locale locale, Model model,
            RedirectAttributes redirect) {
        Expense expense = expenses.get(server.id(), expenseId);
        model.addAttribute("expense", expense);
        model.addAttribute("categories", expenses.categories(server.id()));
        if (expense.voided()) {
            throw new NotFound("Expense " + expenseId);
        }
        ExpenseDetails details = details(server, form, result, locale);
        ReceiptCheck.Outcome receipt = ReceiptCheck.check(form.receipt());
        if (receipt instanceof ReceiptCheck.Refused refused) {
            result.rejectValue("receipt", refused.messageKey());
        }
        if (details == null || result.hasErrors()) {
            chooseAgain(receipt, form, model);
            return "expense/form";
        }
        expenses.edit(server.id(), expenseId, details);
        expenses.setReceipt(server.id(), expenseId,
                receipt instanceof ReceiptCheck.Accepted a ? a.receipt() : null, form.showReceipt());
        redirect.addFlashAttribute("notice", "expense.updated");
        return "redirect:/operator/servers/" + server.id() + "/expenses";
    }

    @GetMapping("/expenses/{expenseId}/void")
    String confirmVoid(@ModelAttribute("server") Instance server, @PathVariable long expenseId, Model model) {
        model.addAttribute("expense", expenses.get(server.id(), expenseId));
        return "expense/void";
    }

    @PostMapping("/expenses/{expenseId}/void")
    String voidExpense(@ModelAttribute("server") Instance server, @PathVariable long expenseId,
            RedirectAttributes redirect) {
        try {
            expenses.voidExpense(server.id(), expenseId);
            redirect.addFlashAttribute("notice", "expense.voided");
        } catch (Expenses.AlreadyVoided e) {
            redirect.addFlashAttribute("problem", "expense.already-voided");
        }
        return "redirect:/operator/servers/" + server.id() + "/expenses";
    }

    @GetMapping("/expenses/{expenseId}/receipt")
    ResponseEntity<byte[]> receipt(@ModelAttribute("server") Instance server, @PathVariable long expenseId) {
        Receipt receipt = expenses.receipt(server.id(), expenseId, false)
                .orElseThrow(() -> new NotFound("Receipt"));
        return serve(receipt, expenseId);
    }

    @PostMapping("/categories")
    String addCategory(@ModelAttribute("server") Instance server, @RequestParam String name,
            RedirectAttributes redirect) {
        String trimmed = name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 50) {
            redirect.addFlashAttribute("problem", "category.invalid");
        } else if (expenses.addCategory(server.id(), trimmed)) {
            redirect.addFlashAttribute("notice", "category.added");
        } else {
            redirect.addFlashAttribute("problem", "category.exists");
        }
        return "redirect:/operator/servers/" + server.id() + "/expenses";
    }

    @PostMapping("/categories/{categoryId}")
    String changeCategory(@ModelAttribute("server") Instance server, @PathVariable long categoryId,
            @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "rename") String action,
            RedirectAttributes redirect) {
        String trimmed = name.strip();
        boolean remove = "remove".equals(action);
        if (!remove && (trimmed.isEmpty() || trimmed.length() > 50)) {
            redirect.addFlashAttribute("problem", "category.invalid");
        } else {
            var change = expenses.changeCategory(server.id(), categoryId, remove ? null : trimmed);
            redirect.addFlashAttribute(change == Expenses.CategoryChange.RENAMED
                    || change == Expenses.CategoryChange.REMOVED ? "notice" : "problem",
                    "category." + change.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return "redirect:/operator/servers/" + server.id() + "/expenses#categories";
    }

    /**
     * A browser cannot be given a file back: when the form is shown again with errors, a good receipt it carried
     * is named so the operator knows to choose it again (the "public" tick stays as it was).
     */
    private static void chooseAgain(ReceiptCheck.Outcome receipt, ExpenseForm form, Model model) {
        if (receipt instanceof ReceiptCheck.Accepted && form.receipt() != null) {
            String name = form.receipt().getOriginalFilename();
            model.addAttribute("receiptAgain", name == null || name.isBlank() ? "?" : name.strip());
        }
    }

    /** Receipts are served as what their content is, in a sandbox, so even a crafted PDF cannot script this site. */
    static ResponseEntity<byte[]> serve(Receipt receipt, long expenseId) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(receipt.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                        .filename("receipt-" + expenseId + "." + receipt.extension()).build().toString())
                .header("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'; plugin-types application/pdf")
                .body(receipt.content());
    }

    private @Nullable ExpenseDetails details(Instance server, ExpenseForm form, BindingResult result, Locale locale) {
        return ExpenseFormReader.read(server, form, expenses.categories(server.id()), server.today(clock), result, locale);
    }
}
