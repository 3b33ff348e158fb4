package social.upkeep.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.StaticMessageSource;

/** UPKEEP_BASE_URL left at localhost is flagged only when people reach Upkeep under another name. */
class ServerChecklistTest {

    private static ServerChecklist withBaseUrl(String baseUrl) {
        var messages = new StaticMessageSource();
        messages.addMessage("checklist.base-url", Locale.ENGLISH, "Set UPKEEP_BASE_URL");
        return new ServerChecklist(List.of(), messages, baseUrl);
    }

    @Test
    void localhostIsFineOnThisMachineAndWrongForEveryoneElse() {
        var local = withBaseUrl("http://localhost:8080");
        assertThat(local.localOnly("localhost")).isFalse();
        assertThat(local.localOnly("127.0.0.1")).isFalse();
        assertThat(local.localOnly("funding.example.social")).isTrue();
        assertThat(local.of(1, Locale.ENGLISH, "funding.example.social").setup())
                .containsExactly(new ServerChecklist.Line("Set UPKEEP_BASE_URL", false, null));
        assertThat(withBaseUrl("http://127.0.0.1:8080").localOnly("192.0.2.7")).isTrue();
        assertThat(withBaseUrl("https://funding.example.social").localOnly("localhost")).isFalse();
        assertThat(withBaseUrl("").localOnly("funding.example.social")).as("no base URL: links follow the request")
                .isFalse();
    }
}
