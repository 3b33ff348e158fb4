package social.upkeep.billing.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WebDriverException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.notification.internal.MailDelivery;
import social.upkeep.shared.Money;
import social.upkeep.support.Eventually;
import social.upkeep.support.HeadlessChromium;
import social.upkeep.support.MutableClock;
import social.upkeep.support.Servers;
import social.upkeep.support.StripeStubs;
import social.upkeep.support.StripeWorld;
import social.upkeep.support.UpkeepTest;
import social.upkeep.tier.DonationOptions;
import social.upkeep.tier.Tier;
import social.upkeep.tier.TierDetails;
import social.upkeep.tier.Tiers;

/**
 * A signed-out reader in a real browser (Debian's Chromium), from the public page, the support page or the widget,
 * through the email sign-in (GreenMail) and the naming step to Stripe's (stubbed) Checkout, and back to the thanks
 * page. Counts the clicks a supporter makes, the sign-in apart, and checks axe on every page on the way.
 */
@UpkeepTest
@TestPropertySource(properties = "upkeep.base-url=")
class SupporterWalkTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(UpkeepTest.SMTP_PORT, null, "smtp"));

    private static final Pattern LINK = Pattern.compile("http://localhost:\\d+/signin/email/[A-Za-z0-9_-]{43}");

    static HeadlessChromium chromium;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Instances instances;

    @Autowired
    Tiers tiers;

    @Autowired
    StripeAccounts accounts;

    @Autowired
    EventWorker worker;

    @Autowired
    MailDelivery delivery;

    @Autowired
    MutableClock clock;

    Instance server;
    Tier tier;

    /** Pages the walk passed through that a person had to look at, and the clicks (sign-in apart) it took. */
    final List<String> pages = new ArrayList<>();
    int clicks;

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        StripeStubs.register(registry);
    }

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
    void setUp() {
        clock.set(UpkeepTest.START);
        StripeStubs.reset("eur");
        server = Servers.create(instances, "example.social", "EUR");
        accounts.saveKeys(server.id(), StripeStubs.SECRET_KEY, StripeStubs.WEBHOOK_SECRET);
        tier = tiers.create(server.id(), server.currency(), new TierDetails("Patron", "Keeps the lights on",
                List.of("A badge on your profile"), Money.of(5_00, "EUR"), Money.of(50_00, "EUR"), 10, "Patron", true));
        tiers.saveDonationOptions(server.id(), new DonationOptions(List.of(Money.of(5_00, "EUR"),
                Money.of(10_00, "EUR")), Money.of(2_00, "EUR"), Money.of(500_00, "EUR"), true, true, true));
        chromium.driver.get(url("/"));
        chromium.driver.manage().deleteAllCookies();                       // the cookies of this origin: signed out
        chromium.width(1280);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private WebElement find(String css) {
        return chromium.driver.findElement(By.cssSelector(css));
    }

    /** Looks at the page the browser shows: axe finds nothing, and it is noted as one the supporter passed. */
    private void seen(String what) throws IOException {
        assertThat(chromium.accessibilityViolations()).as("axe on %s", what).isEmpty();
        pages.add(what);
    }

    private void click(String css) {
        follow(css);
        clicks++;
    }

    /**
     * Clicks what leads to another page and waits until the browser shows it loaded: the old page carries a mark
     * the new one does not. Errors while the browser is between pages only mean "not yet".
     */
    private void follow(String css) {
        chromium.driver.executeScript("window.upkeepOldPage = true");
        find(css).click();
        Eventually.until("the browser shows the next page", () -> {
            try {
                return Boolean.TRUE.equals(chromium.driver.executeScript(
                        "return document.readyState === 'complete' && !window.upkeepOldPage"));
            } catch (WebDriverException betweenPages) {
                return false;
            }
        });
    }

    /** Signs in by the emailed link, as a supporter does with the mail open beside the browser. */
    private void signInByEmail(String email) throws IOException {
        assertThat(chromium.driver.getCurrentUrl()).contains("/signin/supporter");
        assertThat(find("p.supporting").getText()).contains("to support example.social social");
        seen("sign-in");
        find("#email").sendKeys(email);
        follow("form.email-signin button");
        assertThat(find("body").getText()).contains("a sign-in link is on its way");
        seen("link on its way");
        delivery.deliverPending();
        var mails = smtp.getReceivedMessages();
        String body = GreenMailUtil.getBody(mails[mails.length - 1]).replace("=\r\n", "");
        assertThat(body).contains("to support example.social social");
        Matcher link = LINK.matcher(body);
        assertThat(link.find()).isTrue();
        chromium.driver.get(link.group());
        assertThat(find("p.supporting").getText()).contains("to support example.social social");
        seen("confirm the link");
        follow("main form button");
    }

    /** On Stripe's Checkout (stubbed): pays as Stripe would, then Stripe sends the browser to the success URL. */
    private void payOnStripe(long amount, String interval) throws IOException {
        assertThat(find("main").getText()).isEqualTo("Stripe Checkout");
        var created = StripeStubs.wiremock().findAll(postRequestedFor(urlEqualTo("/v1/checkout/sessions")));
        assertThat(created).hasSize(1);
        String form = created.get(0).getBodyAsString();
        Matcher success = Pattern.compile("(?:^|&)success_url=([^&]+)").matcher(form);
        assertThat(success.find()).isTrue();
        long checkout = jdbc.sql("SELECT id FROM checkout").query(Long.class).single();
        var stripe = new StripeWorld(server.id(), clock, "EUR");
        if (interval == null) {
            stripe.donate(checkout, amount);
        } else {
            stripe.subscribe(checkout, jdbc.sql("SELECT tier_id FROM checkout").query(Long.class).optional()
                    .orElse(null), amount, interval);
        }
        StripeEvents.deliverAndApply(port, server.id(), stripe.take(), worker, jdbc, clock);
        chromium.driver.get(URLDecoder.decode(success.group(1), StandardCharsets.UTF_8));
        seen("thanks");
    }

    @Test
    void aReaderPicksATierOnThePublicPageSignsInByEmailAndIsThankedForThatTier() throws IOException {
        chromium.driver.get(url("/servers/example.social"));
        assertThat(find("p.cta a").getText()).isEqualTo("Support example.social social");
        seen("public page");
        click("section#support article.tier p.choose a");                              // Join “Patron” monthly

        signInByEmail("ada@example.org");

        assertThat(chromium.driver.getCurrentUrl()).isEqualTo(url("/support/example.social?tier=" + tier.id()
                + "&frequency=month"));
        assertThat(find("article.tier.chosen h3").getText()).isEqualTo("Patron");
        seen("support page");
        click("article.tier.chosen form.join button");                                  // Join for €5.00 a month
        assertThat(find("p.chosen").getText()).isEqualTo("You chose the tier “Patron”: €5.00 a month.");
        seen("naming");
        click("form.naming button");                                                    // Continue to payment

        payOnStripe(500, "month");
        assertThat(find("main").getText()).contains("Stripe has confirmed your payment",
                "You chose the tier “Patron”: €5.00 a month.");
        assertThat(find("main a[href='/servers/example.social']").isDisplayed()).isTrue();

        // "My support" leads on to Stripe's customer portal: the browser follows that redirect too.
        chromium.driver.get(url("/me"));
        seen("my support");
        follow("form.manage button");
        assertThat(find("main").getText()).isEqualTo("Stripe customer portal");
        pages.remove("my support");
        assertThat(clicks).as("clicks from the public page to Stripe, the sign-in apart").isEqualTo(3);
        assertThat(pages).containsExactly("public page", "sign-in", "link on its way", "confirm the link",
                "support page", "naming", "thanks");
        System.out.printf("Walk by tier: %d clicks, %d pages before Stripe (sign-in included), page loads: %s%n",
                clicks, pages.size() - 1, pages);
    }

    @Test
    void aReaderGivesTheirOwnMonthlyAmountAndIsThankedForIt() throws IOException {
        chromium.driver.get(url("/servers/example.social"));
        assertThat(find("section#support p.bounds").getText()).contains("€2.00", "€500.00");
        seen("public page");
        click("section#support p.give a:last-child");                                   // Give another amount

        signInByEmail("bea@example.org");

        assertThat(chromium.driver.getCurrentUrl()).isEqualTo(url("/support/example.social"));
        seen("support page");
        var amount = find("#amount");
        amount.clear();
        amount.sendKeys("7.50");
        find("label[for=month]").click();
        click("form.donate button");                                                    // Give
        assertThat(find("p.chosen").getText()).isEqualTo("You chose to give €7.50 a month.");
        seen("naming");
        find("label[for=named]").click();
        find("#publicName").sendKeys("Bea");
        click("form.naming button");                                                    // Continue to payment

        payOnStripe(750, "month");
        assertThat(find("main").getText()).contains("Stripe has confirmed your payment",
                "You chose to give €7.50 a month.");
        assertThat(jdbc.sql("SELECT public_name FROM supporter_listing").query(String.class).single()).isEqualTo("Bea");
        assertThat(clicks).as("clicks from the public page to Stripe, the sign-in and typing apart").isEqualTo(3);
    }

    @Test
    void aReaderOnTheWidgetOpensTheSupportPageInANewTabAndGivesASuggestedAmount() throws IOException {
        chromium.width(320);
        chromium.driver.get(url("/servers/example.social/widget"));
        seen("widget");
        String page = chromium.driver.getWindowHandle();
        find("a.button").click();                                                       // Support
        clicks++;
        Eventually.until("a second tab", () -> chromium.driver.getWindowHandles().size() == 2);
        var tabs = new ArrayList<>(chromium.driver.getWindowHandles());
        assertThat(tabs).as("the widget opens the support page in a new tab").hasSize(2);
        tabs.remove(page);
        chromium.driver.switchTo().window(tabs.get(0));
        chromium.width(1280);
        try {
            signInByEmail("cy@example.org");
            assertThat(chromium.driver.getCurrentUrl()).isEqualTo(url("/support/example.social"));
            seen("support page");
            click("p.presets a:last-child");                                            // €10.00
            assertThat(find("#amount").getAttribute("value")).isEqualTo("10.00");
            click("form.donate button");                                                // Give (once, the default)
            assertThat(find("p.chosen").getText()).isEqualTo("You chose to give €10.00 once.");
            click("form.naming button");

            payOnStripe(1000, null);
            assertThat(find("main").getText()).contains("You chose to give €10.00 once.");
        } finally {
            chromium.driver.close();
            chromium.driver.switchTo().window(page);
        }
    }

    @Test
    void theSupportPageWorksOnAPhoneAndALaptop() throws IOException {
        chromium.driver.get(url("/support/example.social?tier=" + tier.id() + "&frequency=month"));
        signInByEmail("dee@example.org");
        for (int width : new int[] {360, 1280}) {
            chromium.width(width);
            chromium.driver.navigate().refresh();
            assertThat(find("article.tier.chosen h3").getText()).isEqualTo("Patron");
            assertThat(chromium.accessibilityViolations()).as("support page at %d px", width).isEmpty();
            assertThat(chromium.scrollWidth()).as("support page width at %d px", width)
                    .isLessThanOrEqualTo(chromium.viewportWidth());
            assertThat(chromium.screenshot("support-page-" + width)).exists();
        }
    }
}
