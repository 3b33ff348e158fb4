package social.upkeep.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;
import social.upkeep.instance.Instances;
import social.upkeep.membership.Memberships;
import social.upkeep.shared.Languages;
import social.upkeep.shared.Money;
import social.upkeep.support.HeadlessChromium;
import social.upkeep.support.Servers;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.UpkeepTest;
import social.upkeep.supporter.Supporters;
import social.upkeep.tier.DonationOptions;
import social.upkeep.tier.TierDetails;
import social.upkeep.tier.Tiers;

/**
 * Every page, signed out and signed in as the owner, on the demo server (its data stays, plus a tier, donation
 * options and a member): at 360, 768 and 1280 px nothing scrolls sideways; axe finds nothing at 360 px in light and
 * at 1280 px in dark; a screenshot of each at 360 and 1280 px lands in target/screenshots/pages.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.main.register-shutdown-hook=false",
        // Supporters sign in by an emailed link, offered only where mail is set up; the link is read from the outbox.
        "upkeep.smtp.host=localhost", "upkeep.smtp.port=" + UpkeepTest.SMTP_PORT, "upkeep.smtp.starttls=false"})
@Import(UpkeepTest.TestClock.class)
@ActiveProfiles("demo")
class EveryPageTest {

    private static final String OWNER = "every-page-owner@example.social";
    private static final int[] WIDTHS = {360, 768, 1280};
    private static final String SUPPORTED = "supported.example.social";
    private static final Pattern SIGN_IN_LINK = Pattern.compile("/signin/email/[A-Za-z0-9_-]{43}");

    static HeadlessChromium chromium;

    @LocalServerPort
    int port;

    @Autowired
    Instances instances;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    Tiers tiers;

    @Autowired
    MessageSource messages;

    @Autowired
    Supporters supporters;

    @Autowired
    Memberships memberships;

    long demo;

    @BeforeAll
    static void startChromium() throws IOException {
        chromium = new HeadlessChromium();
    }

    @AfterAll
    static void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void demoWithATierAndAMember() {
        demo = instances.findByHost("demo.upkeep.example").orElseThrow().id();
        if (tiers.all(demo).isEmpty()) {
            var tier = tiers.create(demo, instances.get(demo).currency(), new TierDetails("Patron with a rather long name",
                    "Keeps the lights on for everyone", List.of("A badge"), Money.of(5_00, "EUR"),
                    Money.of(50_00, "EUR"), 20, "Patron", true));
            tiers.saveDonationOptions(demo, new DonationOptions(List.of(Money.of(5_00, "EUR"), Money.of(10_00, "EUR"),
                    Money.of(25_00, "EUR")), Money.of(2_00, "EUR"), Money.of(500_00, "EUR"), true, true, true));
            var ada = supporters.signedInWithEmail("ada.lovelace.with.a.long.address@example.org");
            memberships.grantComplimentary(demo, ada.id(), tier.id(), null, "thanks", "owner");
        }
        // The demo server takes no support; a real one does (not yet open here: Stripe is not connected).
        if (instances.findByHost(SUPPORTED).isEmpty()) {
            long real = Servers.create(instances, SUPPORTED, "EUR").id();
            tiers.create(real, instances.get(real).currency(), new TierDetails("Mécène bienfaiteur et généreux",
                    "Garde les lumières allumées pour tout le monde", List.of("Un badge"), Money.of(5_00, "EUR"),
                    Money.of(50_00, "EUR"), null, null, true));
            tiers.saveDonationOptions(real, new DonationOptions(List.of(Money.of(5_00, "EUR"),
                    Money.of(1_234_50, "EUR")), Money.of(2_00, "EUR"), Money.of(5_000_00, "EUR"), true, true, true));
        }
        chromium.driver.get(url("/"));
        chromium.driver.manage().deleteAllCookies();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private long id(String sql) {
        return jdbc.sql(sql).param(demo).query(Long.class).list().get(0);
    }

    private void signInAsOwner() {
        jdbc.sql("DELETE FROM owner_account").update();
        jdbc.sql("INSERT INTO owner_account (email, password_hash, locale, created_at) VALUES (?, ?, 'en', now())")
                .params(OWNER, passwords.encode(SignedInOwner.PASSWORD)).update();
        chromium.driver.get(url("/signin"));
        chromium.driver.findElement(By.id("email")).sendKeys(OWNER);
        chromium.driver.findElement(By.id("password")).sendKeys(SignedInOwner.PASSWORD);
        chromium.driver.findElement(By.cssSelector("main form button[type=submit]")).click();
        untilAt("the dashboard after signing in", url -> url.endsWith("/operator"));
    }

    private static void untilAt(String what, java.util.function.Predicate<String> url) {
        social.upkeep.support.Eventually.until(what, () -> {
            try {
                return url.test(chromium.driver.getCurrentUrl());
            } catch (org.openqa.selenium.WebDriverException betweenPages) {
                return false;
            }
        });
    }

    /** Opens each page at each width; collects what is wrong instead of stopping at the first page. */
    private List<String> problems(List<String> paths, String who) throws IOException {
        var problems = new ArrayList<String>();
        for (int width : WIDTHS) {
            chromium.width(width);
            for (String path : paths) {
                chromium.driver.get(url(path));
                String title = chromium.driver.getTitle();
                if (title.isBlank() || List.of("Not found", "Not allowed", "Something went wrong",
                        "could not be completed").stream().anyMatch(title::contains)) {
                    problems.add(path + " (" + who + ") did not open: " + title);
                    continue;
                }
                long scroll = chromium.scrollWidth();
                long view = chromium.viewportWidth();
                if (scroll > view) {
                    problems.add(path + " (" + who + ") is " + scroll + " px wide at " + view + " px");
                }
                String name = who + path.replaceAll("[^A-Za-z0-9]+", "-");
                if (width == 360) {
                    chromium.accessibilityViolations().forEach(v -> problems.add(path + " (" + who + ", 360 px): " + v));
                    chromium.screenshot("pages/" + name + "-360");
                }
                if (width == 1280) {
                    dark(true);
                    try {
                        chromium.accessibilityViolations()
                                .forEach(v -> problems.add(path + " (" + who + ", dark): " + v));
                        chromium.screenshot("pages/" + name + "-1280-dark");
                    } finally {
                        dark(false);
                    }
                    chromium.screenshot("pages/" + name + "-1280");
                }
            }
        }
        chromium.width(1200);
        return problems;
    }

    private void dark(boolean on) {
        chromium.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", on ? "dark" : "light"))));
    }

    @Test
    void everyPublicPageFitsAPhoneAndIsAccessibleInLightAndDark() throws IOException {
        var paths = List.of("/", "/signin", "/signin/supporter", "/servers/demo.upkeep.example",
                "/servers/demo.upkeep.example?range=12", "/servers/demo.upkeep.example/widget",
                "/servers/demo.upkeep.example/expenses?month=2026-11", "/servers/demo.upkeep.example/privacy",
                "/signin/email/not-a-real-link");
        assertThat(problems(paths, "visitor")).isEmpty();
    }

    @Test
    void everyOperatorPageFitsAPhoneAndIsAccessibleInLightAndDark() throws IOException {
        signInAsOwner();
        String server = "/operator/servers/" + demo;
        long expense = id("SELECT id FROM expense WHERE instance_id = ? ORDER BY id");
        long grant = id("SELECT id FROM grant_award WHERE instance_id = ? ORDER BY id");
        long tier = id("SELECT id FROM tier WHERE instance_id = ? ORDER BY id");
        long membership = id("SELECT id FROM membership WHERE instance_id = ? ORDER BY id");
        var paths = List.of("/operator", "/operator/servers", "/operator/servers/new", "/operator/outbox",
                server, server + "/ledger", server + "/income/new", server + "/expenses", server + "/expenses/new",
                server + "/expenses/" + expense + "/edit", server + "/expenses/" + expense + "/void",
                server + "/recurring", server + "/recurring/new", server + "/grants", server + "/grants/new",
                server + "/grants/" + grant, server + "/tiers", server + "/tiers/new",
                server + "/tiers/" + tier + "/edit", server + "/tiers/" + tier + "/delete", server + "/donations",
                server + "/members", server + "/members/" + membership, server + "/stripe", server + "/roles",
                server + "/alerts", server + "/connection", server + "/notices", server + "/edit", server + "/look",
                server + "/imports", server + "/posting", server + "/privacy", server + "/privacy/erase?supporter="
                        + id("SELECT supporter_id FROM membership WHERE instance_id = ? ORDER BY id"));
        assertThat(problems(paths, "owner")).isEmpty();
    }

    @Test
    void everyServerPageShowsTheServersSectionsWithTheCurrentOneMarked() {
        signInAsOwner();
        String server = "/operator/servers/" + demo;
        for (var page : Map.of(server + "/expenses/new", "Expenses", server + "/recurring", "Expenses",
                server + "/donations", "Tiers and donations", server + "/ledger", "Overview", server + "/edit",
                "Profile", server + "/privacy", "Privacy").entrySet()) {
            chromium.driver.get(url(page.getKey()));
            var nav = chromium.driver.findElement(By.cssSelector("nav.server"));
            assertThat(nav.findElements(By.tagName("a"))).extracting(a -> a.getText())
                    .contains("Overview", "Expenses", "Grants", "Tiers and donations", "Members", "Stripe", "Roles",
                            "Alerts", "Privacy", "Connection", "Profile", "Public page");
            assertThat(nav.findElement(By.cssSelector("a[aria-current=page]")).getText()).as(page.getKey())
                    .isEqualTo(page.getValue());
        }
    }

    /**
     * Each language's public page, support page and an operator page at 360 px: long French words, Japanese without
     * spaces and German compounds must wrap, not push the page sideways; axe checks each (lang attributes included).
     */
    @Test
    void everyLanguageFitsAPhoneOnThePublicSupportAndOperatorPages() throws IOException {
        chromium.width(360);
        var problems = new ArrayList<String>();
        // The support page is a signed-in supporter's; the operator's pages are the owner's.
        signInAsSupporter();
        inEveryLanguage(List.of("/servers/demo.upkeep.example", "/support/" + SUPPORTED), problems);
        chromium.driver.manage().deleteAllCookies();
        signInAsOwner();
        inEveryLanguage(List.of("/operator/servers/" + demo, "/operator/servers/" + demo + "/members"), problems);
        chromium.driver.manage().deleteAllCookies();
        chromium.width(1200);
        assertThat(problems).isEmpty();
    }

    private void inEveryLanguage(List<String> paths, List<String> problems) throws IOException {
        for (String tag : Languages.tags()) {
            Locale locale = Locale.forLanguageTag(tag);
            List<String> errors = List.of("403", "404", "500", "other").stream()
                    .map(code -> messages.getMessage("error." + code + ".heading", null, locale)).toList();
            for (String path : paths) {
                chromium.driver.get(url(path + "?lang=" + tag));
                String lang = chromium.driver.findElement(By.tagName("html")).getAttribute("lang");
                if (!tag.equals(lang)) {
                    problems.add(path + " asked in " + tag + " came in " + lang + ": " + chromium.driver.getTitle());
                    continue;
                }
                String heading = chromium.driver.findElement(By.cssSelector("main h1")).getText();
                if (errors.contains(heading)) {
                    problems.add(path + " in " + tag + " did not open: " + heading);
                    continue;
                }
                String shown = chromium.driver.findElement(By.cssSelector("details.languages summary")).getText();
                if (!shown.contains(messages.getMessage("language." + tag, null, locale))) {
                    problems.add(path + " in " + tag + ": the switcher shows " + shown);
                }
                long scroll = chromium.scrollWidth();
                long view = chromium.viewportWidth();
                if (scroll > view) {
                    problems.add(path + " in " + tag + " is " + scroll + " px wide at " + view + " px");
                }
                chromium.accessibilityViolations().forEach(v -> problems.add(path + " in " + tag + ": " + v));
                chromium.screenshot("languages/" + tag + path.replaceAll("[^A-Za-z0-9]+", "-") + "-360");
            }
        }
    }

    /** Signs in as a supporter by the emailed link, read from the outbox (no mail server here). */
    private void signInAsSupporter() {
        String email = "every-page-supporter@example.org";
        chromium.driver.get(url("/signin/supporter"));
        chromium.driver.findElement(By.id("email")).sendKeys(email);
        chromium.driver.findElement(By.cssSelector("form.email-signin button")).click();
        var link = new AtomicReference<String>();
        social.upkeep.support.Eventually.until("the sign-in link in the outbox", () -> {
            var body = jdbc.sql("SELECT body_text FROM mail_outbox WHERE recipient = ? ORDER BY id DESC")
                    .param(email).query(String.class).list();
            var found = SIGN_IN_LINK.matcher(body.isEmpty() ? "" : body.get(0));
            if (found.find()) {
                link.set(found.group());
            }
            return link.get() != null;
        });
        chromium.driver.get(url(link.get()));
        chromium.driver.findElement(By.cssSelector("main form button")).click();
        untilAt("signed in as a supporter", url -> !url.contains("/signin"));
    }

    @Test
    void theLanguageSwitcherFoldsAwayAndSwitchesWithoutJavaScript() {
        chromium.width(360);
        chromium.driver.get(url("/servers/demo.upkeep.example"));
        var deutsch = chromium.driver.findElement(By.cssSelector("details.languages a[lang=de]"));
        assertThat(deutsch.isDisplayed()).as("folded").isFalse();
        chromium.driver.findElement(By.cssSelector("details.languages summary")).click();
        assertThat(deutsch.isDisplayed()).isTrue();
        assertThat(chromium.scrollWidth()).as("the open list stays on screen").isLessThanOrEqualTo(chromium.viewportWidth());
        deutsch.click();
        social.upkeep.support.Eventually.until("the page in German", () -> {
            try {
                return "de".equals(chromium.driver.findElement(By.tagName("html")).getAttribute("lang"));
            } catch (org.openqa.selenium.WebDriverException betweenPages) {
                return false;
            }
        });
        assertThat(chromium.driver.findElement(By.cssSelector("details.languages summary")).getText()).contains("Deutsch");
        chromium.driver.manage().deleteAllCookies();
        chromium.width(1200);
    }
}
