package social.upkeep.instance.internal;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import social.upkeep.instance.Instance;

/** The server profile form. Amounts stay text until parsed in the server's currency and the reader's locale. */
record InstanceForm(
        @NotBlank(message = "{server.host.required}") @Size(max = 253, message = "{server.host.invalid}") String host,
        @NotBlank(message = "{server.name.required}") @Size(max = 100, message = "{server.name.too-long}") String displayName,
        @NotBlank(message = "{server.currency.invalid}") String currency,
        @NotBlank(message = "{server.time-zone.invalid}") String timeZone,
        @NotNull(message = "{server.founded.required}") @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate foundedOn,
        @Nullable String monthlyGoal,
        @Min(value = 0, message = "{server.active-users.invalid}") @Max(value = 100_000_000, message = "{server.active-users.invalid}")
        @Nullable Integer activeUsers) {

    static InstanceForm blank(LocalDate today) {
        return new InstanceForm("", "", "EUR", "Europe/Berlin", today, "", null);
    }

    static InstanceForm of(Instance instance) {
        return new InstanceForm(instance.host(), instance.displayName(), instance.currency().getCurrencyCode(),
                instance.timeZone().getId(), instance.foundedOn(),
                instance.monthlyGoal() == null ? "" : instance.monthlyGoal().toMajor().toPlainString(),
                instance.activeUsers());
    }
}
