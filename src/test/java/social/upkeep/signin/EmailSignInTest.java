package social.upkeep.signin;

import social.upkeep.support.Servers;
import social.upkeep.instance.Instances;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.net.URLEncoder;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import social.upkeep.notification.internal.MailDelivery;
import social.upkeep.shared.Languages;
import social.upkeep.support.Browser;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.TestPropertySource;
import social.upkeep.support.MutableClock;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.UpkeepTest;

/** Supporters without a fediverse account sign in with a one-time link by email. */
@UpkeepTest
@TestPropertySource(properties = "upkeep.base-url=")
class EmailSignInTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(UpkeepTest.SMTP_PORT, null, "smtp"));

    private static final Pattern LINK = Pattern.compile("http://localhost:\\d+/signin/email/[A-Za-z0-9_-]{43}");

    @LocalServerPort
    int port;

    @Autowired
    MailDelivery delivery;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    Instances instances;

    private Browser.Page ask(Browser browser, String email) {
        return browser.submit(browser.get("/signin/supporter"), "form.email-signin", Map.of("email", email));
    }

    private URI lastLink() {
        delivery.deliverPending();
        MimeMessage[] mails = smtp.getReceivedMessages();
        assertThat(mails).isNotEmpty();
        Matcher link = LINK.matcher(GreenMailUtil.getBody(mails[mails.length - 1]).replace("=\r\n", ""));
        assertThat(link.find()).isTrue();
        return URI.create(link.group());
    }

    @Test
    void aLinkByEmailSignsInOnce() throws Exception {
        var browser = new Browser(port);
        var asked = ask(browser, "  Ada@Example.org ");
        assertThat(asked.text()).contains("If the address can receive mail, a sign-in link is on its way");

        URI link = lastLink();
        assertThat(smtp.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo("ada@example.org");
        var confirm = browser.open(link);
        assertThat(confirm.text()).contains("Sign in to Upkeep");
        assertThat(browser.get("/me").path()).isEqualTo("/signin/supporter"); // opening the link alone signs nobody in

        var signedIn = browser.submit(confirm, "main form", Map.of());
        assertThat(signedIn.path()).isEqualTo("/me");
        assertThat(signedIn.text()).contains("Signed in as ada@example.org");

        var again = new Browser(port);
        var reused = again.submit(again.open(link), "main form", Map.of());
        assertThat(reused.text()).contains("This sign-in link has expired or was already used");
        assertThat(again.get("/me").path()).isEqualTo("/signin/supporter");
        // Only the link's hash is kept.
        assertThat(jdbc.sql("SELECT token_hash FROM email_signin_link").query(String.class).single())
                .doesNotContain(link.getPath().substring(link.getPath().lastIndexOf('/') + 1));
    }

    @Test
    void aVisitorGoingToGiveSignsInByEmailAndComesStraightBackToTheirChoice() {
        Servers.create(instances, "example.social", "EUR");
        var browser = new Browser(port);
        var signIn = browser.get("/support/example.social?amount=10.00&frequency=once");
        assertThat(signIn.path()).isEqualTo("/signin/supporter");
        assertThat(signIn.document().select("p.supporting").text()).contains("to support example.social social");

        browser.submit(signIn, "form.email-signin", Map.of("email", "ada@example.org"));
        URI link = lastLink();
        assertThat(GreenMailUtil.getBody(smtp.getReceivedMessages()[0])).contains("to support example.social social");
        var confirm = browser.open(link);
        assertThat(confirm.document().select("p.supporting").text()).contains("to support example.social social");

        var back = browser.submit(confirm, "main form", Map.of());
        assertThat(back.path()).isEqualTo("/support/example.social");
        assertThat(back.document().select("#amount").val()).isEqualTo("10.00");
        assertThat(back.document().select("#once").hasAttr("checked")).isTrue();
    }

    @Test
    void signInNeverLeadsAnywhereButUpkeepsOwnSupportPages() {
        Servers.create(instances, "example.social", "EUR");
        var browser = new Browser(port);
        for (String next : List.of("https://evil.example/support/example.social", "//evil.example/support/x",
                "/operator", "/support/example.social/../../operator", "/support/example.social?next=https://evil.example",
                "/support/example.social/checkout", "/support/EXAMPLE.social\\@evil.example")) {
            var page = browser.get("/signin/supporter?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            assertThat(page.document().select("input[name=next]")).as(next).isEmpty();
            assertThat(page.document().select("p.supporting")).as(next).isEmpty();
        }
        // A forged form carrying another site is ignored: the sign-in ends on "my support".
        var page = browser.submit(browser.get("/signin/supporter"), "form.email-signin", Map.of("email",
                "ada@example.org", "next", "https://evil.example/"));
        assertThat(page.path()).isEqualTo("/signin/supporter");
        var signedIn = browser.submit(browser.open(lastLink()), "main form", Map.of());
        assertThat(signedIn.path()).isEqualTo("/me");
    }

    @Test
    void theOwnerCannotReadSupportersSignInLinks() {
        ask(new Browser(port), "private@example.org");
        String pending = jdbc.sql("SELECT body_text FROM mail_outbox").query(String.class).single();
        Matcher link = LINK.matcher(pending);
        assertThat(link.find()).isTrue();
        Browser owner = SignedInOwner.browser(port, jdbc, passwords);
        var outbox = owner.get("/operator/outbox");
        assertThat(outbox.text()).contains("private@example.org", "only its recipient may read it")
                .doesNotContain(link.group());
        delivery.deliverPending();
        assertThat(jdbc.sql("SELECT body_text FROM mail_outbox").query(String.class).single()).isEmpty();
    }

    @Test
    void aLinkExpiresAfterFifteenMinutes() {
        var browser = new Browser(port);
        ask(browser, "late@example.org");
        URI link = lastLink();
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        var page = browser.submit(browser.open(link), "main form", Map.of());
        assertThat(page.text()).contains("This sign-in link has expired or was already used");
    }

    @Test
    void aForgedLinkSignsNobodyIn() {
        var browser = new Browser(port);
        var page = browser.submit(browser.open(URI.create("http://localhost:" + port + "/signin/email/"
                + "A".repeat(43))), "main form", Map.of());
        assertThat(page.text()).contains("This sign-in link has expired or was already used");
        assertThat(browser.get("/me").path()).isEqualTo("/signin/supporter");
    }

    @Test
    void anAddressGetsAtMostThreeLiveLinks() {
        var browser = new Browser(port);
        for (int i = 0; i < 5; i++) {
            assertThat(ask(browser, "flood@example.org").text()).contains("a sign-in link is on its way");
        }
        delivery.deliverPending();
        assertThat(smtp.getReceivedMessages()).hasSize(3);
    }

    @Test
    void oneClientCannotMailStrangersInBulk() {
        var browser = new Browser(port);
        for (int i = 0; i < 10; i++) {
            assertThat(ask(browser, "stranger" + i + "@example.org").text()).contains("a sign-in link is on its way");
        }
        var refused = ask(new Browser(port), "stranger10@example.org");
        assertThat(refused.text()).contains("Too many sign-in links were asked for from your network");
        delivery.deliverPending();
        assertThat(smtp.getReceivedMessages()).hasSize(10);

        clock.advance(Duration.ofMinutes(61));
        assertThat(ask(browser, "stranger10@example.org").text()).contains("a sign-in link is on its way");
    }

    @Test
    void refusesWhatIsNotAnEmailAddress() {
        var browser = new Browser(port);
        for (String bad : new String[] {"", "no-at-sign", "a@b", "x@example.org\r\nBcc: victim@example.org",
                "<script>alert(1)</script>@example.org", "a".repeat(250) + "@example.org"}) {
            var page = ask(browser, bad);
            assertThat(page.text()).as(bad).contains("That does not look like an email address.");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM email_signin_link").query(Integer.class).single()).isZero();
    }

    @Test
    void theEmailSignInPageSpeaksGerman() throws Exception {
        var browser = new Browser(port).header("Accept-Language", "de");
        assertThat(ask(browser, "de@example.org").text()).contains("ist ein Anmeldelink unterwegs");
        delivery.deliverPending();
        assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("Dein Anmeldelink");
    }

    /**
     * A mail in every language on offer, both its parts: written in the reader's language (nothing left in English
     * but the link), marked with its language for screen readers, every message key resolved.
     */
    @Test
    void theSignInMailIsWrittenInEveryLanguageOnOffer() {
        Map<String, List<String>> mails = new java.util.LinkedHashMap<>();
        for (String tag : Languages.tags()) {
            ask(new Browser(port).header("Accept-Language", tag), tag + "@example.org");
            mails.put(tag, jdbc.sql("SELECT subject, body_text, body_html FROM mail_outbox WHERE recipient = ?")
                    .param(tag.toLowerCase() + "@example.org")
                    .query((row, n) -> List.of(row.getString(1), row.getString(2), row.getString(3))).single());
        }
        List<String> english = mails.get("en");
        mails.forEach((tag, mail) -> {
            String subject = mail.get(0), text = mail.get(1), html = mail.get(2);
            assertThat(html).as(tag).contains("lang=\"" + tag + "\"");
            assertThat(subject + text + html).as(tag).doesNotContain("??");
            assertThat(LINK.matcher(text).find()).as(tag + " text has the link").isTrue();
            assertThat(LINK.matcher(html).find()).as(tag + " HTML has the link").isTrue();
            if (!tag.equals("en")) {
                assertThat(subject).as(tag).isNotEqualTo(english.get(0));
                assertThat(firstLine(text)).as(tag).isNotEqualTo(firstLine(english.get(1)));
            }
        });
        assertThat(mails.get("fr").get(0)).isEqualTo("Votre lien de connexion");
        assertThat(mails.get("ja").get(1)).contains("分");
    }

    private static String firstLine(String text) {
        return text.strip().lines().findFirst().orElse("");
    }
}
