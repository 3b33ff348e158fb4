package social.upkeep.grant.internal;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;

/** The new-grant form. */
record GrantForm(
        @NotBlank(message = "{grant.funder.required}") @Size(max = 120, message = "{form.too-long}") String funder,
        @NotBlank(message = "{grant.purpose.required}") @Size(max = 500, message = "{form.too-long}") String purpose,
        @Nullable String amount,
        @NotBlank(message = "{server.currency.invalid}") String currency,
        @NotBlank String status,
        @NotNull(message = "{form.date.required}") @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate startsOn,
        @NotNull(message = "{form.date.required}") @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate endsOn,
        @Nullable Boolean restricted,
        @Nullable Boolean visible) {
}
