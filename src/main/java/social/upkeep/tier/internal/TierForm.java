package social.upkeep.tier.internal;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import social.upkeep.tier.Tier;

/** The tier form. Prices are typed as text and read in the person's locale. */
record TierForm(
        @NotBlank(message = "{tier.name.required}") @Size(max = 80, message = "{form.too-long}") String name,
        @Size(max = 2000, message = "{form.too-long}") @Nullable String description,
        @Size(max = 4000, message = "{form.too-long}") @Nullable String perks,
        @Nullable String monthly,
        @Nullable String yearly,
        @Min(value = 1, message = "{tier.capacity.invalid}") @Max(value = 1_000_000, message = "{tier.capacity.invalid}")
        @Nullable Integer capacity,
        @Size(max = 100, message = "{form.too-long}") @Nullable String serverRole,
        @Nullable Boolean visible) {

    static TierForm blank() {
        return new TierForm("", "", "", "", "", null, "", true);
    }

    static TierForm of(Tier tier) {
        return new TierForm(tier.name(), tier.description(), String.join("\n", tier.perks()),
                tier.monthly() == null ? "" : tier.monthly().toMajor().toPlainString(),
                tier.yearly() == null ? "" : tier.yearly().toMajor().toPlainString(), tier.capacity(),
                tier.serverRole() == null ? "" : tier.serverRole(), tier.visible());
    }
}
