package social.upkeep.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    final SecretBox box = new SecretBox(key());

    @Test
    void sealedSecretOpensWithTheSameKeyAndContext() {
        String sealed = box.seal("whsec_test_secret", "instance:1:stripe-webhook");
        assertThat(sealed).startsWith("v1:").doesNotContain("whsec_test_secret");
        assertThat(box.open(sealed, "instance:1:stripe-webhook")).isEqualTo("whsec_test_secret");
        assertThat(box.open(box.seal("", "c"), "c")).isEmpty();
        assertThat(box.open(box.seal("ünïcødé 🔑", "c"), "c")).isEqualTo("ünïcødé 🔑");
    }

    @Test
    void tamperedCiphertextIsRejected() {
        String sealed = box.seal("admin-token", "ctx");
        byte[] bytes = Base64.getDecoder().decode(sealed.substring(3));
        bytes[bytes.length - 5] ^= 1;
        String tampered = "v1:" + Base64.getEncoder().encodeToString(bytes);
        assertThatThrownBy(() -> box.open(tampered, "ctx")).isInstanceOf(SecretBox.CannotOpen.class);
        assertThatThrownBy(() -> box.open("v1:!!!", "ctx")).isInstanceOf(SecretBox.CannotOpen.class);
        assertThatThrownBy(() -> box.open("v1:AAAA", "ctx")).isInstanceOf(SecretBox.CannotOpen.class);
        assertThatThrownBy(() -> box.open("plain text", "ctx")).isInstanceOf(SecretBox.CannotOpen.class);
    }

    @Test
    void wrongKeyIsRejectedWithoutRevealingTheSecret() {
        String sealed = box.seal("admin-token", "ctx");
        var other = new SecretBox(key());
        assertThatThrownBy(() -> other.open(sealed, "ctx")).isInstanceOf(SecretBox.CannotOpen.class)
                .hasMessageNotContaining("admin-token");
    }

    @Test
    void secretMovedToAnotherRowDoesNotOpen() {
        String sealed = box.seal("token of server 1", "instance:1:admin-token");
        assertThatThrownBy(() -> box.open(sealed, "instance:2:admin-token")).isInstanceOf(SecretBox.CannotOpen.class);
    }

    @Test
    void everySealUsesAFreshNonce() {
        var seen = new HashSet<String>();
        var nonces = new HashSet<String>();
        for (int i = 0; i < 200; i++) {
            String sealed = box.seal("same secret", "ctx");
            seen.add(sealed);
            nonces.add(Base64.getEncoder().encodeToString(
                    java.util.Arrays.copyOf(Base64.getDecoder().decode(sealed.substring(3)), 12)));
        }
        assertThat(seen).hasSize(200);
        assertThat(nonces).hasSize(200);
    }

    @Test
    void refusesKeysOfTheWrongSize() {
        assertThatThrownBy(() -> new SecretBox(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }
}
