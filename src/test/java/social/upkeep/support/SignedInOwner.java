package social.upkeep.support;

import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Creates the owner and returns a browser signed in as them. */
public final class SignedInOwner {

    public static final String EMAIL = "owner@example.social";
    public static final String PASSWORD = "lantern orbit velvet marsh";

    private SignedInOwner() {
    }

    public static Browser browser(int port, JdbcClient jdbc, PasswordEncoder passwords) {
        jdbc.sql("INSERT INTO owner_account (email, password_hash, locale, created_at) VALUES (?, ?, 'en', now())")
                .params(EMAIL, passwords.encode(PASSWORD)).update();
        var browser = new Browser(port);
        var page = browser.submit(browser.get("/signin"), "form[action='/signin']",
                Map.of("email", EMAIL, "password", PASSWORD));
        if (!page.path().equals("/operator")) {
            throw new AssertionError("Could not sign in: " + page.text());
        }
        return browser;
    }
}
