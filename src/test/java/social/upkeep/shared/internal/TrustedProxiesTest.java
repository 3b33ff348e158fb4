package social.upkeep.shared.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** UPKEEP_TRUSTED_PROXIES becomes the pattern Tomcat's RemoteIpValve matches the peer's address against. */
class TrustedProxiesTest {

    @Test
    void nothingConfiguredTrustsNobody() {
        assertThat(TrustedProxies.pattern("")).isEmpty();
        assertThat(TrustedProxies.pattern("  ")).isEmpty();
    }

    @Test
    void addressesAndOctetNetworksMatchExactlyWhatTheyName() {
        Pattern pattern = Pattern.compile(TrustedProxies.pattern("10.0.0.5, 172.18.0.0/16 ::1"));
        assertThat(pattern.matcher("10.0.0.5").matches()).isTrue();
        assertThat(pattern.matcher("10.0.0.50").matches()).isFalse();
        assertThat(pattern.matcher("10.0.0.5x").matches()).isFalse();
        assertThat(pattern.matcher("172.18.3.4").matches()).isTrue();
        assertThat(pattern.matcher("172.19.3.4").matches()).isFalse();
        assertThat(pattern.matcher("0:0:0:0:0:0:0:1").matches()).isTrue();
        assertThat(pattern.matcher("127.0.0.1").matches()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"proxy.example", "10.0.0.0/12", "10.0.0.0/x", "::1/64", ".*"})
    void anythingElseStopsTheStartWithAClearMessage(String entry) {
        assertThatThrownBy(() -> TrustedProxies.pattern(entry)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("UPKEEP_TRUSTED_PROXIES");
    }
}
