package social.upkeep.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;
import social.upkeep.instance.Instances;
import social.upkeep.support.Browser;
import social.upkeep.support.HeadlessChromium;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.UpkeepTest;

/**
 * In a real browser (the demo data stays, so this test does not empty the tables): the demo server's public page and the operator's expense form meet WCAG 2.1 AA as far as
 * axe-core can tell, and screenshots land in target/screenshots for a person to look at.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.main.register-shutdown-hook=false")
@Import(UpkeepTest.TestClock.class)
@ActiveProfiles("demo")
class AccessibilityTest {

    static HeadlessChromium chromium;

    @LocalServerPort
    int port;

    @Autowired
    Instances instances;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

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

    String demoPage() {
        return "http://localhost:" + port + "/servers/demo.upkeep.example";
    }

    @Test
    void demoServersPublicPageIsAccessibleAndLight() throws IOException {
        chromium.driver.get(demoPage());
        assertThat(chromium.driver.findElement(By.tagName("h1")).getText()).contains("Demo Social");
        assertThat(chromium.driver.findElement(By.cssSelector(".demo-label")).getText()).contains("Demo data");
        assertThat(instances.all()).as("the demo profile adds its own server and nothing else")
                .singleElement().satisfies(server -> assertThat(server.demo()).isTrue());
        assertThat(chromium.accessibilityViolations()).isEmpty();
        assertThat(chromium.screenshot("public-page")).exists();

        var http = new Browser(port);
        int html = http.get("/servers/demo.upkeep.example").body().getBytes().length;
        int css = http.get("/css/upkeep.css").body().getBytes().length;
        System.out.printf("Public page weight: HTML %d B + CSS %d B = %d B (limit %d B)%n", html, css, html + css,
                60 * 1024);
        assertThat(html + css).as("HTML plus CSS of the public page, bytes").isLessThan(60 * 1024);
    }

    @Test
    void thePublicPageAndTheWidgetWorkOnAPhoneAndALaptop() throws IOException {
        for (int width : new int[] {360, 1280}) {
            chromium.driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, 900));
            chromium.driver.get(demoPage());
            assertThat(chromium.driver.findElement(By.cssSelector("section#support h2")).getText())
                    .startsWith("Support");
            assertThat(chromium.accessibilityViolations()).as("public page at %d px", width).isEmpty();
            assertThat(chromium.screenshot("public-page-" + width)).exists();
            assertThat(chromium.scrollWidth()).as("public page width at %d px", width)
                    .isLessThanOrEqualTo(chromium.viewportWidth());
            chromium.driver.get(demoPage() + "/widget");
            assertThat(chromium.screenshot("widget-" + width)).exists();
        }
        // The widget at the width of the frame the page suggests (320 × 140): all of it within 320 × 140.
        chromium.driver.manage().window().setSize(new org.openqa.selenium.Dimension(320, 600));
        chromium.driver.get(demoPage() + "/widget");
        long height = (Long) chromium.driver.executeScript("""
                const main = document.querySelector('main');
                return Math.ceil(main.getBoundingClientRect().bottom + parseFloat(getComputedStyle(main).marginBottom));""");
        long width = (Long) chromium.driver.executeScript("return document.documentElement.scrollWidth");
        assertThat(chromium.accessibilityViolations()).as("widget").isEmpty();
        assertThat(chromium.screenshot("widget-320")).exists();
        chromium.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1200, 1600));
        assertThat(width).as("widget width in its 320 px frame").isLessThanOrEqualTo(320);
        assertThat(height).as("widget height in its 140 px frame").isLessThanOrEqualTo(140);
    }

    @Test
    void theCheckFindsWhatItShould() throws IOException {
        chromium.driver.get("data:text/html,<html lang=en><title>t</title><main><img src=x><input type=text></main></html>");
        assertThat(chromium.accessibilityViolations()).anyMatch(v -> v.startsWith("image-alt"))
                .anyMatch(v -> v.startsWith("label"));
    }

    @Test
    void operatorsExpenseFormIsAccessible() throws IOException {
        String owner = "browser-owner@example.social";
        jdbc.sql("DELETE FROM owner_account").update();
        jdbc.sql("INSERT INTO owner_account (email, password_hash, locale, created_at) VALUES (?, ?, 'en', now())")
                .params(owner, passwords.encode(SignedInOwner.PASSWORD)).update();
        long demo = instances.findByHost("demo.upkeep.example").orElseThrow().id();
        chromium.driver.get("http://localhost:" + port + "/signin");
        chromium.driver.findElement(By.id("email")).sendKeys(owner);
        chromium.driver.findElement(By.id("password")).sendKeys(SignedInOwner.PASSWORD);
        chromium.driver.findElement(By.cssSelector("main button[type=submit]")).click();
        chromium.driver.get("http://localhost:" + port + "/operator/servers/" + demo + "/expenses/new");
        assertThat(chromium.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Add an expense");
        assertThat(chromium.accessibilityViolations()).isEmpty();
        assertThat(chromium.screenshot("expense-form")).exists();

        chromium.driver.get("http://localhost:" + port + "/operator/servers/" + demo + "/connection");
        assertThat(chromium.driver.findElement(By.tagName("h1")).getText()).startsWith("Connection of");
        assertThat(chromium.accessibilityViolations()).isEmpty();
    }

    @Test
    void signInPagesAreAccessible() throws IOException {
        for (String page : new String[] {"/signin/supporter", "/signin/email/some-link"}) {
            chromium.driver.get("http://localhost:" + port + page);
            assertThat(chromium.accessibilityViolations()).as(page).isEmpty();
        }
    }
}
