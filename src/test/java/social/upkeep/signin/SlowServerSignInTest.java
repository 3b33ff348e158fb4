package social.upkeep.signin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.upkeep.support.Browser;
import social.upkeep.support.FediverseStubs;
import social.upkeep.support.UpkeepTest;

/**
 * A server that drips its answer a byte at a time cannot hold Upkeep's threads: every sign-in through it ends at
 * the outbound deadline (4 s in tests) and the public pages answer meanwhile.
 */
@UpkeepTest
class SlowServerSignInTest {

    private static final int SIGN_INS = 50;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        FediverseStubs.register(registry);
    }

    @BeforeEach
    void reset() {
        FediverseStubs.reset();
        // NodeInfo that arrives one chunk every half second for 100 s: under the 1 s read timeout, so only the
        // overall deadline stops it.
        FediverseStubs.wiremock().stubFor(get("/.well-known/nodeinfo").withHost(equalTo("drip.test"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(" ".repeat(200) + "{}").withChunkedDribbleDelay(200, 100_000)));
    }

    @Test
    void fiftySignInsThroughADrippingServerEndAtTheDeadlineAndThePublicPageAnswersMeanwhile() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(SIGN_INS);
        try {
            List<Future<Duration>> signIns = new ArrayList<>();
            for (int i = 0; i < SIGN_INS; i++) {
                signIns.add(pool.submit(() -> {
                    var browser = new Browser(port);
                    var form = browser.get("/signin/supporter");
                    long started = System.nanoTime();
                    var page = browser.submit(form, "form.fediverse-signin", Map.of("handle", "drip.test"));
                    assertThat(page.text()).contains("did not answer in time");
                    return Duration.ofNanos(System.nanoTime() - started);
                }));
            }
            Thread.sleep(1_000);
            long started = System.nanoTime();
            assertThat(new Browser(port).get("/").status()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

            for (Future<Duration> signIn : signIns) {
                assertThat(signIn.get()).as("deadline 4 s plus a margin").isLessThan(Duration.ofSeconds(8));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
