package social.upkeep.privacy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Period;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.shared.Retention;
import social.upkeep.support.Browser;
import social.upkeep.support.FediverseStubs;
import social.upkeep.support.Servers;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.UpkeepTest;

/**
 * A server's privacy page says what this deployment keeps and for how long (its own retention settings, not
 * fixed words), who else sees what, and the operator's contact and text, shown as text; every public and
 * supporter page links to it, and it sets no cookie.
 */
@UpkeepTest
@TestPropertySource(properties = {"upkeep.retention.message-days=30", "upkeep.retention.stripe-payload-days=60",
        "upkeep.retention.inactive-years=2"})
class PrivacyPageTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Instances instances;

    @Autowired
    PasswordEncoder passwords;

    Instance server;
    Browser owner;

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        FediverseStubs.register(registry);
    }

    @BeforeEach
    void setUp() {
        FediverseStubs.reset();
        server = Servers.create(instances, "example.social", "EUR");
        owner = SignedInOwner.browser(port, jdbc, passwords);
    }

    @Test
    void thePageSaysWhatThisDeploymentKeepsForHowLongAndWhoElseSeesIt() {
        var page = new Browser(port).get("/servers/example.social/privacy");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.response().headers().allValues("Set-Cookie")).isEmpty();
        assertThat(page.header("Cache-Control")).contains("public");
        var document = page.document();
        assertThat(document.select("h1").text()).isEqualTo("Privacy at example.social social");
        assertThat(document.select("dd.messages").text())
                .isEqualTo("The text for 30 days after sending; when and what about until you delete your account.");
        assertThat(document.select("dd.stripe-events").text()).startsWith("The content for 60 days;");
        assertThat(document.select("dd.inactive").text()).contains("2 years after your last payment");
        assertThat(document.select("ul.processors").text()).contains("Stripe takes your payments",
                "Your own fediverse server confirms who you are", "The mail provider localhost delivers");
        assertThat(document.select("p").text()).contains("Ask the team that runs example.social.");
        assertThat(document.select("a[href=/me/delete]")).hasSize(1);
        assertThat(new Browser(port).get("/servers/nowhere.example/privacy").status()).isEqualTo(404);

        var settings = owner.get("/operator/servers/" + server.id() + "/privacy");
        assertThat(settings.document().select("ul.retention").text()).contains(
                "Text of mail and direct messages: 30 days after sending", "2 years: erased");
        assertThat(settings.document().select("p.last-run").text())
                .isEqualTo("The retention job has not run yet; it runs every night.");
    }

    @Test
    void theOperatorsTextIsShownAsTextAndBadContactsAndOverlongTextsAreRefused() {
        String path = "/operator/servers/" + server.id() + "/privacy";
        var page = owner.submit(owner.get(path), "form.privacy-settings", Map.of("contact", "javascript:alert(1)",
                "statement", "Kept"));
        assertThat(page.text()).contains("The contact must be an email address or an https address.");
        page = owner.submit(owner.get(path), "form.privacy-settings", Map.of("contact", "", "statement",
                "x".repeat(5001)));
        assertThat(page.text()).contains("The text is longer than 5,000 characters.");
        assertThat(jdbc.sql("SELECT count(*) FROM privacy_settings").query(Integer.class).single()).isZero();

        page = owner.submit(owner.get(path), "form.privacy-settings", Map.of("contact",
                "https://example.social/about/privacy", "statement",
                "<script>alert('x')</script> We are in Germany.\r\n\r\nAsk us anything."));
        assertThat(page.text()).contains("Saved.");
        var publicPage = new Browser(port).get("/servers/example.social/privacy");
        assertThat(publicPage.document().select("a.contact").attr("href")).isEqualTo("https://example.social/about/privacy");
        assertThat(publicPage.document().select("section.statement p").eachText())
                .containsExactly("<script>alert('x')</script> We are in Germany.", "Ask us anything.");
        assertThat(publicPage.document().select("script")).isEmpty();
    }

    @Test
    void publicAndSupporterPagesLinkToThePrivacyPageAndOperatorPagesDoNot() {
        var link = "footer a[href=/servers/example.social/privacy]";
        var visitor = new Browser(port);
        assertThat(visitor.get("/servers/example.social").document().select(link)).hasSize(1);
        assertThat(visitor.get("/signin/supporter").document().select(link)).as("the only server").hasSize(1);
        assertThat(visitor.get("/").document().select(link)).hasSize(1);
        FediverseStubs.signInAs(FediverseStubs.MASTODON_46, "member");
        var member = new Browser(port);
        member.submit(member.get("/signin/supporter"), "form.fediverse-signin", Map.of("handle",
                "@member@mastodon46.test"));
        assertThat(member.get("/support/example.social").document().select(link)).hasSize(1);
        assertThat(member.get("/me").document().select(link)).hasSize(1);
        assertThat(member.get("/me/delete").document().select(link)).hasSize(1);
        assertThat(owner.get("/operator/servers/" + server.id()).document().select("footer a")).isEmpty();
    }

    @Test
    void retentionPeriodsMustBePositive() {
        assertThatThrownBy(() -> new Retention(Duration.ZERO, Duration.ofDays(90), Period.ofYears(3)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Retention(Duration.ofDays(90), Duration.ofDays(-1), Period.ofYears(3)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Retention(Duration.ofDays(90), Duration.ofDays(90), Period.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
