package social.upkeep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import social.upkeep.support.Browser;
import social.upkeep.support.UpkeepTest;

/** The plumbing an operator relies on: health, build info, the clustered job store, error pages. */
@UpkeepTest
@Import(PlatformTest.Failing.class)
class PlatformTest {

    @LocalServerPort
    int port;

    @Autowired
    Scheduler scheduler;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @Test
    void healthReportsTheDatabaseAndInfoTheBuildVersion() {
        var browser = new Browser(port);
        var readiness = browser.get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"");
        var info = browser.get("/actuator/info");
        assertThat(info.body()).contains("\"version\":\"0.1.0-SNAPSHOT\"", "\"artifact\":\"upkeep\"");
        assertThat(browser.get("/actuator/env").body()).doesNotContain("propertySources");
    }

    @Test
    void jobsLiveInTheClusteredJdbcStoreOnPostgres() throws Exception {
        var meta = scheduler.getMetaData();
        assertThat(meta.isJobStoreClustered()).isTrue();
        assertThat(meta.isJobStoreSupportsPersistence()).isTrue();
        assertThat(scheduler.checkExists(JobKey.jobKey("mail-delivery", "notification"))).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM qrtz_triggers WHERE trigger_name = 'mail-delivery'")
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void eventPublicationRegistryTableExists() {
        assertThat(jdbc.sql("SELECT count(*) FROM event_publication").query(Long.class).single()).isZero();
    }

    @Test
    void unexpectedErrorsShowAFriendlyPageWithoutAStackTrace() {
        jdbc.sql("INSERT INTO owner_account (email, password_hash, locale, created_at) VALUES (?, ?, 'en', now())")
                .params("owner@example.social", passwords.encode("lantern orbit velvet marsh")).update();
        var browser = new Browser(port);
        browser.submit(browser.get("/signin"), "form[action='/signin']",
                Map.of("email", "owner@example.social", "password", "lantern orbit velvet marsh"));
        var page = browser.get("/operator/test-only/explode");
        assertThat(page.status()).isEqualTo(500);
        assertThat(page.text()).contains("Something went wrong on our side")
                .doesNotContain("IllegalStateException", "secret detail", "at social.upkeep");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'");
    }

    @Test
    void germanReadersGetGermanPagesAndCanSwitch() {
        var browser = new Browser(port).header("Accept-Language", "de-DE,de;q=0.9,en;q=0.5");
        assertThat(browser.get("/").text()).contains("Willkommen bei Upkeep");
        assertThat(browser.get("/?lang=en").text()).contains("Welcome to Upkeep");
        assertThat(browser.get("/").text()).as("the choice is remembered").contains("Welcome to Upkeep");
        assertThat(browser.get("/?ref=news%26more&lang=de").document().select("details.languages a[hreflang=fr]")
                .attr("href")).as("switching keeps the page's own query").isEqualTo("?ref=news%26more&lang=fr");

        assertThat(new Browser(port).header("Accept-Language", "fr-FR").get("/").text())
                .contains("Bienvenue sur Upkeep");
        assertThat(new Browser(port).header("Accept-Language", "ja-JP,ja;q=0.9").get("/").text())
                .contains("Upkeep へようこそ");
        assertThat(new Browser(port).header("Accept-Language", "pt-PT,pt;q=0.9,en;q=0.5").get("/").document()
                .selectFirst("html").attr("lang")).as("Portuguese from Portugal reads the Brazilian bundle, not English")
                .isEqualTo("pt-BR");
        assertThat(new Browser(port).header("Accept-Language", "en-GB,pt;q=0.5").get("/").text())
                .as("a reader who prefers English gets it").contains("Welcome to Upkeep");
        var other = new Browser(port).header("Accept-Language", "pl-PL");
        assertThat(other.get("/").text()).as("unsupported languages fall back to English").contains("Welcome to Upkeep");
        assertThat(other.get("/?lang=%3Cscript%3E").text()).contains("Welcome to Upkeep");
        assertThat(other.cookies().getCookieStore().getCookies()).isEmpty();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Failing {

        @RestController
        static class ExplodingController {
            @GetMapping("/operator/test-only/explode")
            Map<String, String> explode() {
                throw new IllegalStateException("secret detail");
            }
        }
    }
}
