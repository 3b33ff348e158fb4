package social.upkeep.supporter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The profile link on "my support" comes from what a remote server said: only https URLs become links. */
class SupporterTest {

    private static Supporter withActor(String actor) {
        return new Supporter(1, actor, "@alice@a.example", "a.example", null);
    }

    @Test
    void anHttpsActorIsLinked() {
        assertThat(withActor("https://a.example/users/alice").profileUrl()).isEqualTo("https://a.example/users/alice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "http://a.example/users/alice", "data:text/html,hi",
            "https:///users/alice", "https://a example/users", "HTTPS:alert(1)"})
    void anythingElseIsNoLink(String actor) {
        assertThat(withActor(actor).profileUrl()).isNull();
    }
}
