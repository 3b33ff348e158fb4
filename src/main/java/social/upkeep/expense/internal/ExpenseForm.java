package social.upkeep.expense.internal;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.multipart.MultipartFile;
import social.upkeep.expense.Expense;

/**
 * The expense form. The booked amount is only needed when the charge was in another currency than the
 * server reports in; the token makes a double submit add the expense once.
 */
record ExpenseForm(
        @Nullable String token,
        @NotNull(message = "{form.date.required}") @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate spentOn,
        @NotBlank(message = "{expense.category.required}") String category,
        @NotBlank(message = "{expense.vendor.required}") @Size(max = 100, message = "{form.too-long}") String vendor,
        @Size(max = 300, message = "{form.too-long}") @Nullable String description,
        @Nullable String charged,
        @NotBlank(message = "{server.currency.invalid}") String chargedCurrency,
        @Nullable String booked,
        @Nullable MultipartFile receipt,
        @Nullable Boolean receiptPublic) {

    /** A checkbox left out of the request means unchecked, whoever sent it. */
    boolean showReceipt() {
        return Boolean.TRUE.equals(receiptPublic);
    }


    static ExpenseForm blank(String token, LocalDate today, String currency) {
        return new ExpenseForm(token, today, "hosting", "", "", "", currency, "", null, false);
    }

    static ExpenseForm of(Expense expense) {
        return new ExpenseForm(null, expense.spentOn(), expense.category(), expense.vendor(), expense.description(),
                expense.charged().toMajor().toPlainString(), expense.charged().currency().getCurrencyCode(),
                expense.booked().toMajor().toPlainString(), null, expense.receiptPublic());
    }
}
