package social.upkeep.operator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.TestPropertySource;
import social.upkeep.instance.Instances;
import social.upkeep.support.Browser;
import social.upkeep.support.Servers;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.UpkeepTest;

/** What every site is expected to have: an icon, robots.txt, link previews, compression, the right sign-in. */
@UpkeepTest
@TestPropertySource(properties = "upkeep.base-url=https://funding.example.social")
class WebBasicsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    Instances instances;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    private HttpResponse<byte[]> fetch(String path, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void theIconAndRobotsTxtAreThereForEveryoneAndRobotsStayOutOfOperatorPages() throws Exception {
        var icon = fetch("/favicon.ico");
        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.body()).as("an ICO header").startsWith(0, 0, 1, 0);
        var inside = ImageIO.read(new ByteArrayInputStream(icon.body(), 22, icon.body().length - 22));
        assertThat(inside.getWidth()).as("the PNG inside the ICO").isEqualTo(32);
        assertThat(fetch("/favicon.svg").statusCode()).isEqualTo(200);
        var robots = fetch("/robots.txt");
        assertThat(robots.statusCode()).isEqualTo(200);
        assertThat(new String(robots.body())).contains("Allow: /servers/", "Disallow: /operator", "Disallow: /me");
        assertThat(new Browser(port).get("/signin").document().select("meta[name=robots]").attr("content"))
                .isEqualTo("noindex");
    }

    @Test
    void thePublicPageDescribesItselfForLinkPreviewsWithAPngOfTheGoal() throws Exception {
        Servers.create(instances, "example.social", "EUR");
        var page = new Browser(port).get("/servers/example.social").document();
        assertThat(page.select("meta[name=robots]")).as("the public page may be indexed").isEmpty();
        assertThat(page.select("meta[name=description]").attr("content"))
                .startsWith("example.social social: what the server costs, who covers it");
        assertThat(page.select("meta[property=og:title]").attr("content")).isEqualTo("How example.social social is funded");
        assertThat(page.select("meta[property=og:url]").attr("content"))
                .isEqualTo("https://funding.example.social/servers/example.social");
        assertThat(page.select("meta[property=og:image]").attr("content"))
                .isEqualTo("https://funding.example.social/servers/example.social/preview.png");
        assertThat(page.select("meta[name=twitter:card]").attr("content")).isEqualTo("summary_large_image");

        var preview = fetch("/servers/example.social/preview.png");
        assertThat(preview.headers().firstValue("Content-Type")).contains("image/png");
        var image = ImageIO.read(new ByteArrayInputStream(preview.body()));
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(630);
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "screenshots"));
        java.nio.file.Files.write(java.nio.file.Path.of("target", "screenshots", "preview.png"), preview.body());
        assertThat(fetch("/servers/nowhere.example/preview.png").statusCode()).isEqualTo(404);
    }

    @Test
    void pagesAndStylesAreCompressedForClientsThatAcceptIt() throws Exception {
        Servers.create(instances, "example.social", "EUR");
        for (String path : new String[] {"/servers/example.social", "/css/upkeep.css"}) {
            var plain = fetch(path);
            var zipped = fetch(path, "Accept-Encoding", "gzip");
            assertThat(zipped.headers().firstValue("Content-Encoding")).as(path).contains("gzip");
            assertThat(zipped.body().length).as(path).isLessThan(plain.body().length / 2);
            try (var in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
                assertThat(new String(in.readAllBytes())).as(path).isEqualTo(new String(plain.body()));
            }
        }
    }

    @Test
    void aSignedOutOperatorFollowingALinkSignsInAsOperatorAndLandsWhereTheLinkPointed() {
        var server = Servers.create(instances, "example.social", "EUR");
        SignedInOwner.browser(port, jdbc, passwords);              // the owner exists; this browser is another one
        var browser = new Browser(port);
        for (String path : new String[] {"/operator", "/operator/servers",
                "/operator/servers/" + server.id() + "/stripe"}) {
            var page = new Browser(port).get(path);
            assertThat(page.path()).as(path).isEqualTo("/signin");
            assertThat(page.document().select("form[action='/signin'] #password")).as(path).hasSize(1);
        }
        var signIn = browser.get("/operator/servers/" + server.id() + "/stripe?from=alert");
        var landed = browser.submit(signIn, "form[action='/signin']",
                Map.of("email", SignedInOwner.EMAIL, "password", SignedInOwner.PASSWORD));
        assertThat(landed.path()).isEqualTo("/operator/servers/" + server.id() + "/stripe");
        assertThat(landed.uri().getQuery()).startsWith("from=alert");
        assertThat(landed.document().select("h1").text()).startsWith("Stripe");
        assertThat(new Browser(port).get("/me").path()).as("supporters still go to theirs")
                .isEqualTo("/signin/supporter");
    }
}
