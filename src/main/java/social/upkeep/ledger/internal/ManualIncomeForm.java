package social.upkeep.ledger.internal;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;

/**
 * A donation received outside Stripe. The token is made when the form is shown, so submitting the same
 * form twice books the income once.
 */
record ManualIncomeForm(
        @NotBlank @Pattern(regexp = "[0-9a-f-]{36}") String token,
        @NotNull(message = "{form.date.required}") @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate receivedOn,
        @Nullable String amount,
        @NotBlank(message = "{income.source.required}") @Size(max = 60, message = "{form.too-long}") String source,
        @Size(max = 300, message = "{form.too-long}") @Nullable String description) {
}
