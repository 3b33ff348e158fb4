package social.upkeep.operator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import social.upkeep.support.Browser;
import social.upkeep.support.UpkeepTest;

/** What a careless or hostile first visitor sends to /setup, and what it gets. */
@UpkeepTest
class SetupSecurityTest {

    static final String PASSWORD = "lantern orbit velvet marsh";

    @LocalServerPort
    int port;

    @Autowired
    SetupCode setupCode;

    @Autowired
    JdbcClient jdbc;

    Map<String, String> form(String email, String password, String confirmation) {
        var fields = new HashMap<String, String>();
        fields.put("setupCode", setupCode.value());
        fields.put("email", email);
        fields.put("password", password);
        fields.put("confirmation", confirmation);
        return fields;
    }

    Browser.Page submit(Browser browser, Map<String, String> fields) {
        return browser.submit(browser.get("/setup"), "form[action='/setup']", fields);
    }

    long owners() {
        return jdbc.sql("SELECT count(*) FROM owner_account").query(Long.class).single();
    }

    @Test
    void secondSetupAfterTheOwnerExistsChangesNothing() {
        var first = new Browser(port);
        var setupPage = first.get("/setup");
        submit(first, form("owner@example.social", PASSWORD, PASSWORD));

        var intruder = new Browser(port);
        assertThat(intruder.get("/setup").status()).isEqualTo(404);
        // Even replaying the form with a valid token and code from before the owner existed.
        var replay = first.submit(setupPage, "form[action='/setup']",
                form("intruder@evil.example", "another long passphrase", "another long passphrase"));
        assertThat(replay.status()).isIn(403, 404);

        assertThat(owners()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT email FROM owner_account").query(String.class).single())
                .isEqualTo("owner@example.social");
        var signIn = intruder.submit(intruder.get("/signin"), "form[action='/signin']",
                Map.of("email", "intruder@evil.example", "password", "another long passphrase"));
        assertThat(signIn.text()).contains("Wrong email address or password.");
    }

    @Test
    void wrongOrMissingSetupCodeIsRefused() {
        var browser = new Browser(port);
        var fields = form("owner@example.social", PASSWORD, PASSWORD);
        fields.put("setupCode", "AAAA-BBBB-CCCC");
        assertThat(submit(browser, fields).text()).contains("That is not the setup code in the log.");
        fields.put("setupCode", "");
        assertThat(submit(browser, fields).text()).contains("Enter the setup code from the log.");
        assertThat(owners()).isZero();
    }

    @Test
    void weakPasswordsAreRefusedWithAReason() {
        var browser = new Browser(port);
        assertThat(submit(browser, form("owner@example.social", "short", "short")).text())
                .contains("Use at least 12 characters.");
        assertThat(submit(browser, form("owner@example.social", "password1234", "password1234")).text())
                .contains("too easy to guess");
        assertThat(submit(browser, form("owner@example.social", "owner@example.social", "owner@example.social")).text())
                .contains("too easy to guess");
        String tooLong = "ä".repeat(40);
        assertThat(submit(browser, form("owner@example.social", tooLong, tooLong)).text())
                .contains("at most 72 bytes");
        assertThat(submit(browser, form("owner@example.social", PASSWORD, PASSWORD + "x")).text())
                .contains("The two passwords differ.");
        assertThat(owners()).isZero();
    }

    @Test
    void badEmailsAreRefusedAndEchoedSafely() {
        var browser = new Browser(port);
        var page = submit(browser, form("<script>alert(1)</script>", PASSWORD, PASSWORD));
        assertThat(page.text()).contains("Enter a valid email address.");
        assertThat(page.body()).doesNotContain("<script>alert(1)</script>").contains("&lt;script&gt;");
        assertThat(submit(browser, form("", PASSWORD, PASSWORD)).text()).contains("Enter your email address.");
        assertThat(owners()).isZero();
    }

    @Test
    void formWithoutCsrfTokenIsForbiddenAndStoresNothing() {
        var browser = new Browser(port);
        browser.get("/setup");
        var page = browser.post("/setup", form("owner@example.social", PASSWORD, PASSWORD));
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.text()).contains("Not allowed");
        assertThat(owners()).isZero();
    }
}
