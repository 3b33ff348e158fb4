package social.upkeep.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import social.upkeep.instance.Instance;
import social.upkeep.instance.InstanceDetails;
import social.upkeep.instance.Instances;
import social.upkeep.membership.ChargeTrouble;
import social.upkeep.membership.Membership;
import social.upkeep.membership.MembershipEvents;
import social.upkeep.membership.Memberships;
import social.upkeep.membership.SubscriptionFacts;
import social.upkeep.notification.Unsubscribes;
import social.upkeep.shared.Money;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;
import social.upkeep.support.Browser;
import social.upkeep.support.Eventually;
import social.upkeep.support.Mails;
import social.upkeep.support.MutableClock;
import social.upkeep.support.UpkeepTest;
import social.upkeep.tier.Tier;
import social.upkeep.tier.TierDetails;
import social.upkeep.tier.Tiers;

/**
 * The first mail of issue 7, end to end over SMTP (GreenMail): "membership started", in the supporter's
 * language, from the server's name, with text and HTML parts, a working one-click unsubscribe, once per cause.
 */
@UpkeepTest
class MembershipMailsTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(UpkeepTest.SMTP_PORT, null, "smtp"));

    @LocalServerPort
    int port;

    @Autowired
    social.upkeep.shared.SecretBox secrets;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Instances instances;

    @Autowired
    Tiers tiers;

    @Autowired
    Supporters supporters;

    @Autowired
    Memberships memberships;

    @Autowired
    MailDelivery delivery;

    @Autowired
    Unsubscribes unsubscribes;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    MutableClock clock;

    Instance server;
    Tier tier;

    @DynamicPropertySource
    static void links(DynamicPropertyRegistry registry) {
        registry.add("upkeep.base-url", () -> ""); // links in mail use the random port the test runs on
    }

    @BeforeEach
    void setUp() {
        clock.set(UpkeepTest.START);
        server = server("example.social", "Example Social");
        tier = tiers.create(server.id(), server.currency(), new TierDetails("Supporter", "", List.of(),
                Money.of(500, "EUR"), null, null, null, true));
    }

    @AfterEach
    void letListenersFinish() {
        Eventually.listenersDone(jdbc);
    }

    private Instance server(String host, String name) {
        return instances.create(new InstanceDetails(host, name, Currency.getInstance("EUR"), ZoneId.of("Europe/Berlin"),
                LocalDate.of(2024, 1, 1), null, null), false);
    }

    private Membership pays(Instance where, Tier what, Supporter who) {
        String id = "sub_" + where.id() + "_" + who.id();
        var paidThrough = clock.instant().plus(Duration.ofDays(30));
        memberships.recordSubscription(where.id(), new SubscriptionFacts(id, "cus_" + who.id(), who.id(), what.id(),
                "MONTH", Money.of(500, "EUR"), "active", false, null, paidThrough, ChargeTrouble.NONE), "test");
        return memberships.recordPaidPeriod(where.id(), id, paidThrough, "test").orElseThrow();
    }

    private MimeMessage[] delivered(int count) {
        Eventually.listenersDone(jdbc);
        delivery.deliverPending();
        assertThat(smtp.getReceivedMessages()).hasSize(count);
        return smtp.getReceivedMessages();
    }

    private static URI unsubscribeLink(MimeMessage message) throws Exception {
        String header = message.getHeader("List-Unsubscribe")[0];
        assertThat(header).startsWith("<").endsWith(">");
        return URI.create(header.substring(1, header.length() - 1));
    }

    @Test
    void aNewMemberGetsOneMailInTheirLanguageWithBothPartsAndAWorkingUnsubscribe() throws Exception {
        Supporter anna = supporters.signedInWithEmail("anna@example.org");
        supporters.rememberLocale(anna.id(), Locale.GERMAN);

        pays(server, tier, anna);

        MimeMessage mail = delivered(1)[0];
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("anna@example.org");
        assertThat(mail.getSubject()).isEqualTo("Willkommen: Deine Mitgliedschaft bei Example Social hat begonnen");
        assertThat(((InternetAddress) mail.getFrom()[0]).getPersonal()).isEqualTo("Example Social");
        String text = Mails.text(mail);
        String html = Mails.html(mail);
        assertThat(text).contains("Hallo anna@example.org,",
                "deine Mitgliedschaft „Supporter“ bei Example Social hat begonnen. Sie ist bezahlt bis 27. Dezember 2026.",
                "http://localhost:" + port + "/me");
        assertThat(html).contains("deine Mitgliedschaft „Supporter“ bei Example Social hat begonnen",
                "href=\"http://localhost:" + port + "/me\"").doesNotContain("<img");
        assertThat(mail.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
        URI unsubscribe = unsubscribeLink(mail);
        assertThat(text).contains(unsubscribe.toString());
        // The footer, from the one part every mail shares: why it came, and the same link in both parts.
        assertThat(text).contains("Du bekommst diese Mail, weil du Example Social über Upkeep unterstützt.");
        assertThat(html).contains("<title>Willkommen: Deine Mitgliedschaft bei Example Social hat begonnen</title>",
                "href=\"" + unsubscribe.toString().replace("&", "&amp;") + "\"");

        // The link opens a page with a button (opening alone changes nothing); the button unsubscribes.
        var browser = new Browser(port);
        var page = browser.get(unsubscribe.getRawPath() + "?" + unsubscribe.getRawQuery());
        assertThat(page.status()).isEqualTo(200);
        assertThat(unsubscribes.optedOut("anna@example.org", "membership", server.id())).isFalse();
        page = browser.submit(page, "form.unsubscribe", Map.of());
        assertThat(page.document().select(".unsubscribed").text()).contains("anna@example.org", "Example Social");
        assertThat(unsubscribes.optedOut("anna@example.org", "membership", server.id())).isTrue();

        // No more membership mail from this server; another server's is hers to leave or keep.
        pays(server, tiers.create(server.id(), server.currency(), new TierDetails("Patron", "", List.of(),
                Money.of(900, "EUR"), null, null, null, true)), anna);
        delivered(1);
        Instance other = server("other.example", "Other");
        Tier otherTier = tiers.create(other.id(), other.currency(), new TierDetails("Friend", "", List.of(),
                Money.of(300, "EUR"), null, null, null, true));
        assertThat(unsubscribes.optedOut("anna@example.org", "membership", other.id())).isFalse();
        pays(other, otherTier, anna);
        assertThat(delivered(2)[1].getSubject()).contains("Other");
    }

    @Test
    void aMailClientsOneClickPostUnsubscribesAndAForgedOrAlteredLinkChangesNothing() throws Exception {
        Supporter ben = supporters.signedInWithEmail("ben@example.org");
        pays(server, tier, ben);
        MimeMessage mail = delivered(1)[0];
        assertThat(mail.getSubject()).isEqualTo("Welcome: your membership of Example Social has started");
        URI link = unsubscribeLink(mail);
        String token = link.getQuery().replaceAll(".*t=", "");
        var client = new Browser(port);

        var forged = client.post("/mail/unsubscribe", Map.of("e", "ben@example.org", "k", "membership",
                "t", token.substring(0, token.length() - 2) + "xx", "List-Unsubscribe", "One-Click"));
        assertThat(forged.status()).isEqualTo(400);
        var otherKind = client.post("/mail/unsubscribe", Map.of("e", "ben@example.org", "k", "report", "t", token,
                "List-Unsubscribe", "One-Click"));
        assertThat(otherKind.status()).isEqualTo(400);
        var otherPerson = client.post("/mail/unsubscribe", Map.of("e", "carl@example.org", "k", "membership",
                "t", token, "List-Unsubscribe", "One-Click"));
        assertThat(otherPerson.status()).isEqualTo(400);
        assertThat(client.get("/mail/unsubscribe?e=ben@example.org&k=membership&t=nope").status()).isEqualTo(400);
        var otherServer = client.post("/mail/unsubscribe", Map.of("e", "ben@example.org", "k", "membership",
                "s", String.valueOf(server.id() + 1), "t", token, "List-Unsubscribe", "One-Click"));
        assertThat(otherServer.status()).as("the link names its server").isEqualTo(400);
        assertThat(jdbc.sql("SELECT count(*) FROM mail_optout").query(Integer.class).single()).isZero();

        // As a mail client does it: a POST to the link itself with the one-click body, no session, no CSRF token.
        var oneClick = client.postTo(link, Map.of("List-Unsubscribe", "One-Click"));
        assertThat(oneClick.status()).isEqualTo(200);
        assertThat(unsubscribes.optedOut("ben@example.org", "membership", server.id())).isTrue();
        assertThat(unsubscribes.optedOut("ben@example.org", "roles", server.id())).isFalse();
    }

    @Test
    void aLinkFromBeforeOptOutsWerePerServerStillWorksForEveryServer() {
        // Mails already sent carry links without a server; their token is the MAC of address and kind.
        String token = secrets.mac("fay@example.org\nroles", "unsubscribe");
        var page = new Browser(port).post("/mail/unsubscribe", Map.of("e", "fay@example.org", "k", "roles", "t", token,
                "List-Unsubscribe", "One-Click"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(unsubscribes.optedOutEverywhere("fay@example.org", "roles")).isTrue();
        assertThat(unsubscribes.optedOut("fay@example.org", "roles", server.id())).isTrue();
    }

    @Test
    void aRedeliveredEventSendsNothingTwice() {
        Supporter cleo = supporters.signedInWithEmail("cleo@example.org");
        Membership membership = pays(server, tier, cleo);
        delivered(1);

        // The event handed over again (as after a crash), twice: equal events, as the registry resubmits them.
        for (int i = 0; i < 2; i++) {
            transactions.executeWithoutResult(status -> events.publishEvent(new MembershipEvents.MembershipActivated(
                    membership.id(), server.id(), cleo.id(), tier.id(), membership.paidThrough())));
            Eventually.listenersDone(jdbc);
        }

        delivered(1);
    }

    @Test
    void markupAndHeaderTricksInNamesAreEscapedOrRemoved() throws Exception {
        Instance tricky = server("tricky.example", "<b>Tricky</b>\r\nBcc: victim@example.org");
        Tier trickyTier = tiers.create(tricky.id(), tricky.currency(), new TierDetails("<script>alert(1)</script>", "",
                List.of(), Money.of(500, "EUR"), null, null, null, true));
        Supporter dana = supporters.signedInWithEmail("dana@example.org");

        pays(tricky, trickyTier, dana);

        MimeMessage mail = delivered(1)[0];
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("dana@example.org");
        assertThat(mail.getHeader("Bcc")).isNull();
        var from = (InternetAddress) mail.getFrom()[0];
        assertThat(from.getAddress()).isEqualTo("upkeep@localhost");
        assertThat(from.getPersonal()).isEqualTo("b Tricky /b Bcc: victim@example.org")
                .as("the name stays text inside the quoted sender name").doesNotContain("\r", "\n", "<", ">");
        String html = Mails.html(mail);
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>", "<b>Tricky");
        assertThat(smtp.getReceivedMessagesForDomain("example.org")).hasSize(1);
        assertThat(GreenMailUtil.getHeaders(mail)).doesNotContainPattern("(?m)^Bcc:");
    }

    @Test
    void aSupporterChoosesWhichOptionalMailTheyGetOnMySupport() throws Exception {
        var browser = new Browser(port);
        browser.submit(browser.get("/signin/supporter"), "form.email-signin", Map.of("email", "eve@example.org"));
        delivery.deliverPending();
        var link = java.util.regex.Pattern.compile("http://localhost:\\d+/signin/email/[A-Za-z0-9_-]{43}")
                .matcher(Mails.text(smtp.getReceivedMessages()[0]));
        assertThat(link.find()).isTrue();
        var confirm = browser.open(URI.create(link.group()));
        browser.submit(confirm, "form", Map.of());
        var me = browser.get("/me");
        assertThat(me.document().select("form.mail-preferences input[checked]")).hasSize(2);

        var saved = browser.submit(me, "form.mail-preferences", Map.of("kinds", "roles"));
        assertThat(saved.text()).contains("Your mail choices are saved.");
        assertThat(unsubscribes.optedOut("eve@example.org", "membership", server.id())).isTrue();
        assertThat(unsubscribes.optedOutEverywhere("eve@example.org", "membership")).isTrue();
        assertThat(unsubscribes.optedOut("eve@example.org", "roles", server.id())).isFalse();
        var refused = browser.submit(browser.get("/me"), "form.mail-preferences", Map.of("kinds", "<script>"));
        assertThat(refused.text()).contains("That is not a kind of mail.");
        assertThat(unsubscribes.optedOut("eve@example.org", "roles", server.id())).isFalse();

        pays(server, tier, supporters.find("eve@example.org").orElseThrow());
        delivered(1); // only the sign-in link: she chose no membership mail
    }
}
