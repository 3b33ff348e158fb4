package social.upkeep.operator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import social.upkeep.support.Browser;
import social.upkeep.support.UpkeepTest;

/** The first person installs Upkeep, sets it up, signs out and back in, through the real web layer. */
@UpkeepTest
class OwnerJourneyTest {

    static final String EMAIL = "ada@example.social";
    static final String PASSWORD = "lantern orbit velvet marsh";

    @LocalServerPort
    int port;

    @Autowired
    SetupCode setupCode;

    @Test
    void firstPersonSetsUpSignsOutAndSignsBackIn() {
        var browser = new Browser(port);

        var home = browser.get("/");
        assertThat(home.text()).contains("Welcome to Upkeep", "has not been set up yet");

        var setup = browser.get("/operator");
        assertThat(setup.path()).isEqualTo("/setup");
        assertThat(setup.text()).contains("Set up Upkeep", "Setup code");

        var dashboard = browser.submit(setup, "form[action='/setup']", Map.of(
                "setupCode", setupCode.value(), "email", EMAIL, "password", PASSWORD, "confirmation", PASSWORD));
        assertThat(dashboard.path()).isEqualTo("/operator");
        assertThat(dashboard.text()).contains("Dashboard", "Signed in as " + EMAIL, "No server yet.");

        var signedOut = browser.submit(dashboard, "form[action='/signout']", Map.of());
        assertThat(signedOut.path()).isEqualTo("/signin");
        assertThat(signedOut.text()).contains("You are signed out.");
        assertThat(browser.get("/operator").path()).isEqualTo("/signin");

        var signIn = browser.get("/signin");
        var again = browser.submit(signIn, "form[action='/signin']", Map.of("email", EMAIL, "password", PASSWORD));
        assertThat(again.path()).isEqualTo("/operator");
        assertThat(again.text()).contains("Signed in as " + EMAIL);

        assertThat(browser.get("/").text()).contains("appears here once its operator has connected it");
        assertThat(browser.get("/setup").status()).isEqualTo(404);
    }

    @Test
    void emailIsMatchedWithoutRegardToCaseOrSpaces() {
        var browser = new Browser(port);
        var setup = browser.get("/setup");
        browser.submit(setup, "form[action='/setup']", Map.of(
                "setupCode", setupCode.value(), "email", EMAIL, "password", PASSWORD, "confirmation", PASSWORD));

        var other = new Browser(port);
        var page = other.submit(other.get("/signin"), "form[action='/signin']",
                Map.of("email", "  Ada@Example.Social ", "password", PASSWORD));
        assertThat(page.path()).isEqualTo("/operator");
    }
}
