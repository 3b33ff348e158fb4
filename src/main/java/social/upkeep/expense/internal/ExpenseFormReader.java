package social.upkeep.expense.internal;

import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.validation.BindingResult;
import social.upkeep.expense.ExpenseDetails;
import social.upkeep.instance.Instance;
import social.upkeep.shared.AmountField;
import social.upkeep.shared.Currencies;
import social.upkeep.shared.Money;

/** Checks an expense form against the server: dates, category, currency and amounts, with field errors. */
final class ExpenseFormReader {

    private ExpenseFormReader() {
    }

    static @Nullable ExpenseDetails read(Instance server, ExpenseForm form, List<String> categories, LocalDate today,
            BindingResult result, Locale locale) {
        if (form.spentOn() != null && form.spentOn().isAfter(today)) {
            result.rejectValue("spentOn", "form.date.future");
        }
        if (form.spentOn() != null && form.spentOn().isBefore(server.foundedOn())) {
            result.rejectValue("spentOn", "form.date.before-server");
        }
        if (!result.hasFieldErrors("category") && !categories.contains(form.category())) {
            result.rejectValue("category", "expense.category.required");
        }
        Currency chargedCurrency = Currencies.parse(form.chargedCurrency()).orElse(null);
        if (chargedCurrency == null && !result.hasFieldErrors("chargedCurrency")) {
            result.rejectValue("chargedCurrency", "server.currency.invalid");
        }
        Money charged = chargedCurrency == null ? null
                : AmountField.positive(form.charged(), chargedCurrency, locale, result, "charged");
        Money booked = server.currency().equals(chargedCurrency) ? charged
                : AmountField.positive(form.booked(), server.currency(), locale, result, "booked");
        if (result.hasErrors() || charged == null || booked == null || form.spentOn() == null) {
            return null;
        }
        String description = form.description() == null ? "" : form.description().strip();
        return new ExpenseDetails(form.spentOn(), form.category(), form.vendor().strip(), description, charged, booked);
    }
}
