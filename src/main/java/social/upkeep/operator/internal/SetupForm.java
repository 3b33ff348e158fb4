package social.upkeep.operator.internal;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** What the first person types on /setup. */
record SetupForm(
        @NotBlank(message = "{setup.code.required}") String setupCode,
        @NotBlank(message = "{setup.email.required}") @Email(message = "{setup.email.invalid}")
        @Size(max = 254, message = "{setup.email.invalid}") String email,
        @NotBlank(message = "{password.too-short}") @Size(max = 200, message = "{password.too-long}") String password,
        String confirmation) {

    static SetupForm empty() {
        return new SetupForm("", "", "", "");
    }
}
