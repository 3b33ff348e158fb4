package social.upkeep.shared.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.info.BuildProperties;
import org.springframework.mock.env.MockEnvironment;
import social.upkeep.shared.Outbound;
import social.upkeep.shared.Outbound.Failure;
import social.upkeep.support.MisbehavingServer;

/** The outbound client refuses every address that is not public, before a byte reaches it. */
class OutboundTest {

    private static final WireMockServer stub = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    @BeforeAll
    static void start() {
        stub.start();
    }

    @AfterAll
    static void stop() {
        stub.stop();
    }

    @BeforeEach
    void reset() {
        stub.resetAll();
        stub.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
    }

    private static Outbound client(boolean allowLoopback, @Nullable Integer port, Duration readTimeout,
            Map<String, String> hosts) {
        return client(allowLoopback, port, readTimeout, Duration.ofSeconds(5), hosts);
    }

    private static Outbound client(boolean allowLoopback, @Nullable Integer port, Duration readTimeout,
            Duration totalTimeout, Map<String, String> hosts) {
        var settings = new OutboundSettings(allowLoopback, port, Duration.ofSeconds(2), readTimeout,
                totalTimeout, 1_048_576, hosts);
        return new OutboundConfig().outbound(settings, new MockEnvironment(),
                new StaticListableBeanFactory().getBeanProvider(BuildProperties.class));
    }

    private static Outbound strict() {
        return client(false, stub.port(), Duration.ofSeconds(2), Map.of(
                "private.test", "10.0.0.1", "metadata.test", "169.254.169.254", "mapped.test", "::ffff:127.0.0.1"));
    }

    private static Failure failureOf(Outbound outbound, String url) {
        try {
            outbound.client().get().uri(url).retrieve().body(byte[].class);
        } catch (RuntimeException e) {
            return Outbound.classify(e);
        }
        throw new AssertionError("The call to " + url + " went through");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "[::1]", "10.0.0.1", "169.254.169.254", "localhost", "private.test",
            "metadata.test", "mapped.test", "[fd00::1]", "0.0.0.0", "100.64.0.1"})
    void refusesAddressesThatAreNotPublicBeforeSendingAnything(String host) {
        assertThat(failureOf(strict(), "http://" + host + ":" + stub.port() + "/.well-known/nodeinfo"))
                .isEqualTo(Failure.REFUSED_ADDRESS);
        stub.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void refusesAPublicHostThatRedirectsToAPrivateOne() {
        stub.stubFor(get("/hop").willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://private.test:" + stub.port() + "/secret")));
        Outbound loopbackAllowed = client(true, stub.port(), Duration.ofSeconds(2),
                Map.of("public.test", "127.0.0.1", "private.test", "10.0.0.1"));
        assertThat(failureOf(loopbackAllowed, "http://public.test:" + stub.port() + "/hop"))
                .isEqualTo(Failure.REFUSED_ADDRESS);
        stub.verify(0, anyRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/secret")));
    }

    @Test
    void refusesPlainHttpUnlessAllowed() {
        Outbound httpsOnly = client(true, null, Duration.ofSeconds(2), Map.of());
        assertThat(failureOf(httpsOnly, "http://127.0.0.1:" + stub.port() + "/")).isEqualTo(Failure.REFUSED_ADDRESS);
        stub.verify(0, anyRequestedFor(anyUrl()));
        assertThat(httpsOnly.origin("example.social")).hasToString("https://example.social");
    }

    @Test
    void givesUpOnSlowAndHugeAnswers() {
        Outbound impatient = client(true, stub.port(), Duration.ofMillis(500), Map.of("slow.test", "127.0.0.1"));
        stub.stubFor(get("/slow").willReturn(aResponse().withFixedDelay(2_000).withBody("{}")));
        assertThat(failureOf(impatient, "http://slow.test:" + stub.port() + "/slow")).isEqualTo(Failure.TIMEOUT);

        Outbound patient = client(true, stub.port(), Duration.ofSeconds(3), Map.of("slow.test", "127.0.0.1"));
        stub.stubFor(get("/huge").willReturn(aResponse().withBody(new byte[50 * 1024 * 1024])));
        assertThat(failureOf(patient, "http://slow.test:" + stub.port() + "/huge")).isEqualTo(Failure.TOO_LARGE);

        stub.stubFor(get("/chunked").willReturn(aResponse().withBody(new byte[3 * 1024 * 1024])
                .withChunkedDribbleDelay(4, 100)));
        assertThat(failureOf(patient, "http://slow.test:" + stub.port() + "/chunked")).isEqualTo(Failure.TOO_LARGE);
    }

    @Test
    void aDrippingAnswerEndsAtTheDeadlineWithTheConnectionDropped() throws Exception {
        try (var drip = new MisbehavingServer(MisbehavingServer.Body.DRIP, Duration.ofSeconds(30))) {
            Outbound outbound = client(true, drip.port(), Duration.ofSeconds(1), Duration.ofSeconds(2),
                    Map.of("drip.test", "127.0.0.1"));
            long started = System.nanoTime();
            assertThat(failureOf(outbound, "http://drip.test:" + drip.port() + "/.well-known/nodeinfo"))
                    .isEqualTo(Failure.TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(3_000));
            assertThat(drip.droppedWithin(Duration.ofSeconds(2))).as("the client hung up, not read on").isTrue();
        }
    }

    @Test
    void anEndlessAnswerEndsAtTheSizeCapWithTheConnectionDropped() throws Exception {
        try (var endless = new MisbehavingServer(MisbehavingServer.Body.ENDLESS, Duration.ofSeconds(30))) {
            Outbound outbound = client(true, endless.port(), Duration.ofSeconds(1), Duration.ofSeconds(20),
                    Map.of("endless.test", "127.0.0.1"));
            long started = System.nanoTime();
            assertThat(failureOf(outbound, "http://endless.test:" + endless.port() + "/"))
                    .isEqualTo(Failure.TOO_LARGE);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(3_000));
            assertThat(endless.droppedWithin(Duration.ofSeconds(2))).as("the client hung up, not read on").isTrue();
        }
    }

    @Test
    void tellsAServerThatIsDownFromOneThatDoesNotExist() throws Exception {
        int closed;
        try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Outbound down = client(true, closed, Duration.ofSeconds(2), Map.of("down.test", "127.0.0.1"));
        assertThat(failureOf(down, "http://down.test:" + closed + "/")).isEqualTo(Failure.UNREACHABLE);
        assertThat(failureOf(strict(), "http://no-such-host.invalid:" + stub.port() + "/"))
                .isEqualTo(Failure.UNKNOWN_HOST);
    }

    @Test
    void saysWhoItIs() {
        Outbound loopbackAllowed = client(true, stub.port(), Duration.ofSeconds(2), Map.of("ua.test", "127.0.0.1"));
        loopbackAllowed.client().get().uri("http://ua.test:" + stub.port() + "/ua").retrieve().toBodilessEntity();
        stub.verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/ua"))
                .withHeader("User-Agent", com.github.tomakehurst.wiremock.client.WireMock.matching("Upkeep/.+")));
    }

    @Test
    void publicAddressesPass() throws Exception {
        var policy = new AddressPolicy(false, Map.of());
        assertThat(policy.allowed(InetAddress.getByName("1.1.1.1"))).isTrue();
        assertThat(policy.allowed(InetAddress.getByName("2a01:4f8::1"))).isTrue();
        assertThat(policy.allowed(InetAddress.getByName("2002:0a00:0001::"))).isFalse();
        assertThat(policy.allowed(InetAddress.getByName("64:ff9b::a9fe:a9fe"))).isFalse();
    }

    @Test
    void theProductionProfileRefusesTestSettings() {
        var settings = new OutboundSettings(true, null, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 1, Map.of());
        var prod = new MockEnvironment();
        prod.setActiveProfiles("prod");
        assertThatThrownBy(() -> new OutboundConfig().outbound(settings, prod,
                new StaticListableBeanFactory().getBeanProvider(BuildProperties.class)))
                .hasMessageContaining("are for tests");
    }
}
