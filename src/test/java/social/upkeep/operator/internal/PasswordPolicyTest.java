package social.upkeep.operator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {

    final PasswordPolicy policy = new PasswordPolicy();

    @ParameterizedTest
    @ValueSource(strings = {"lantern orbit velvet marsh", "Zq8#kP2!vL9@", "ein langer Satz über Käse"})
    void acceptsLongUnguessablePasswords(String password) {
        assertThat(policy.violation(password, "owner@example.social")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "short", "elevenchars"})
    void refusesShortPasswords(String password) {
        assertThat(policy.violation(password, "owner@example.social")).contains("password.too-short");
    }

    @ParameterizedTest
    @ValueSource(strings = {"password1234", "PASSWORD1234", "qwertyuiop123", "aaaaaaaaaaaa", "abcabcabcabc",
            "123456789012", "abcdefghijklmn", "owner@example.social", "my owner account pass"})
    void refusesPasswordsAttackersTryFirst(String password) {
        assertThat(policy.violation(password, "owner@example.social")).contains("password.too-common");
    }

    @ParameterizedTest
    @ValueSource(ints = {73, 200})
    void refusesPasswordsLongerThanBcryptReads(int bytes) {
        assertThat(policy.violation("x1".repeat(bytes / 2) + "y", "owner@example.social")).contains("password.too-long");
    }
}
