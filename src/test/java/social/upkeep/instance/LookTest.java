package social.upkeep.instance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import social.upkeep.support.Browser;
import social.upkeep.support.Servers;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.UpkeepTest;

/** The operator's accent colour reaches the public pages only when white text on it stays readable. */
@UpkeepTest
class LookTest {

    @LocalServerPort
    int port;

    @Autowired
    Instances instances;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    Instance server;
    Browser owner;

    @BeforeEach
    void setUp() {
        server = Servers.create(instances, "example.social", "EUR");
        owner = SignedInOwner.browser(port, jdbc, passwords);
    }

    private Browser.Page save(String accent) {
        return owner.submit(owner.get("/operator/servers/" + server.id() + "/look"), "form.look",
                Map.of("accent", accent));
    }

    @Test
    void aDarkEnoughAccentColoursThePublicPagesInLightAndALighterShadeInDark() {
        var visitor = new Browser(port);
        assertThat(visitor.get("/servers/example.social").document().select("link[href*=theme.css]")).isEmpty();

        assertThat(save(" #6A1B9A ").text()).contains("The accent colour is saved");
        var page = visitor.get("/servers/example.social").document();
        String theme = page.select("link[href*=theme.css]").attr("href");
        assertThat(theme).isEqualTo("/servers/example.social/theme.css?v=6a1b9a");
        assertThat(visitor.get("/servers/example.social/widget").document().select("link[href*=theme.css]")
                .attr("href")).isEqualTo(theme);
        var css = visitor.get(theme);
        assertThat(css.header("Content-Type")).startsWith("text/css");
        assertThat(css.body()).startsWith(":root { --accent: #6a1b9a; --link: #6a1b9a; }")
                .contains("@media (prefers-color-scheme: dark) { :root { --link: #");
        assertThat(css.body()).doesNotContain("--link: #6a1b9a; } }");

        assertThat(save("").text()).contains("The public pages use Upkeep's own colours again.");
        assertThat(visitor.get("/servers/example.social").document().select("link[href*=theme.css]")).isEmpty();
        assertThat(visitor.get(theme).status()).isEqualTo(404);
    }

    @Test
    void aColourTooLightForWhiteTextOrNotAColourIsRefusedAndNothingChanges() {
        save("#2a6f4e");
        var light = save("#ffcc00");
        assertThat(light.text()).contains("That colour is too light",
                "Its contrast is 1.3:1 where the pages use it; at least 4.5:1 is needed.");
        for (String bad : new String[] {"red", "#12345", "#1234567", "</style><script>alert(1)</script>",
                "#12345g"}) {
            assertThat(save(bad).text()).as(bad).contains("Enter a colour as six hex digits");
        }
        assertThat(new Browser(port).get("/servers/example.social/theme.css?v=x").body())
                .startsWith(":root { --accent: #2a6f4e;");
    }

    /** A 1×1 PNG, as a server's thumbnail or an operator's upload would start. */
    static final byte[] PNG = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private Browser.Page upload(long id, String name, String type, byte[] content) {
        return owner.upload(owner.get("/operator/servers/" + id + "/look"), "form.logo-upload", Map.of(), "logo",
                name, type, content);
    }

    @Test
    void anUploadedLogoShowsOnThePublicPagesAsTheImageItIsAndNothingElseIsTaken() {
        assertThat(upload(server.id(), "logo.svg", "image/svg+xml",
                "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>".getBytes()).text())
                .contains("That file is not a PNG, JPEG, WebP or GIF image.");
        assertThat(upload(server.id(), "logo.png", "image/png", "<html>not a png</html>".getBytes()).text())
                .contains("That file is not a PNG, JPEG, WebP or GIF image.");
        byte[] huge = java.util.Arrays.copyOf(PNG, 600 * 1024);
        assertThat(upload(server.id(), "big.png", "image/png", huge).text()).contains("larger than 512 KB");
        assertThat(new Browser(port).get("/servers/example.social").document().select("img.server-logo")).isEmpty();

        assertThat(upload(server.id(), "logo.gif", "image/gif", PNG).text()).contains("The logo is saved");
        var page = new Browser(port).get("/servers/example.social").document();
        String src = page.select("h1 img.server-logo").attr("src");
        assertThat(src).startsWith("/servers/example.social/logo?v=");
        var logo = new Browser(port).get(src);
        assertThat(logo.header("Content-Type")).isEqualTo("image/png");
        assertThat(logo.header("Content-Security-Policy")).contains("sandbox");
        assertThat(new Browser(port).get("/servers/example.social/widget").document().select("img.server-logo"))
                .hasSize(1);

        var removed = owner.submit(owner.get("/operator/servers/" + server.id() + "/look"), "form.logo-remove",
                Map.of());
        assertThat(removed.text()).contains("Your logo is removed");
        assertThat(new Browser(port).get("/servers/example.social").document().select("img.server-logo")).isEmpty();
        assertThat(new Browser(port).get("/servers/example.social/logo").status()).isEqualTo(404);
    }

    @Test
    void anotherServersOperatorCannotChangeTheLook() {
        var other = Servers.create(instances, "other.example", "EUR");
        var page = owner.get("/operator/servers/" + other.id() + "/look");
        assertThat(page.status()).isEqualTo(200);
        assertThat(new Browser(port).get("/operator/servers/" + other.id() + "/look").path()).isEqualTo("/signin");
    }
}
