package social.upkeep.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.membership.Memberships;
import social.upkeep.notification.internal.MailDelivery;
import social.upkeep.shared.LongDates;
import social.upkeep.shared.Languages;
import social.upkeep.shared.Money;
import social.upkeep.shared.MoneyFormat;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;
import social.upkeep.support.Eventually;
import social.upkeep.support.Mails;
import social.upkeep.support.MutableClock;
import social.upkeep.support.Servers;
import social.upkeep.support.StripeStubs;
import social.upkeep.support.StripeWorld;
import social.upkeep.support.StripeWorld.Delivery;
import social.upkeep.support.UpkeepTest;
import social.upkeep.tier.Tier;
import social.upkeep.tier.TierDetails;
import social.upkeep.tier.Tiers;

/**
 * What a supporter hears by mail as their money moves through Stripe (WireMock) and over SMTP (GreenMail):
 * a receipt for each payment, and their membership starting, renewing, failing to renew and lapsing; once each,
 * however often Stripe sends its events.
 */
@UpkeepTest
class SupporterMailJourneyTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(UpkeepTest.SMTP_PORT, null, "smtp"));

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
    Checkouts checkouts;

    @Autowired
    EventWorker worker;

    @Autowired
    Supporters supporters;

    @Autowired
    Memberships memberships;

    @Autowired
    MailDelivery delivery;

    @Autowired
    MutableClock clock;

    Instance server;
    Supporter ada;
    Tier tier;
    StripeWorld stripe;

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        StripeStubs.register(registry);
        registry.add("upkeep.base-url", () -> "");
    }

    @BeforeEach
    void setUp() {
        clock.set(UpkeepTest.START);
        StripeStubs.reset("eur");
        server = Servers.create(instances, "example.social", "EUR");
        accounts.saveKeys(server.id(), StripeStubs.SECRET_KEY, StripeStubs.WEBHOOK_SECRET);
        ada = supporters.signedInWithEmail("ada@example.org");
        tier = tiers.create(server.id(), server.currency(), new TierDetails("Supporter", "", List.of(),
                Money.of(500, "EUR"), null, null, null, true));
        stripe = new StripeWorld(server.id(), clock, "EUR");
    }

    @AfterEach
    void letListenersFinish() {
        Eventually.listenersDone(jdbc);
    }

    private void deliverAndApply(List<Delivery> deliveries) {
        StripeEvents.deliverAndApply(port, server.id(), deliveries, worker, jdbc, clock);
    }

    /** Sends what is queued and returns the subjects of everything received so far. */
    private List<String> subjects() {
        Eventually.listenersDone(jdbc);
        delivery.deliverPending();
        return Arrays.stream(smtp.getReceivedMessages()).map(message -> {
            try {
                return message.getSubject();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private MimeMessage last() {
        MimeMessage[] received = smtp.getReceivedMessages();
        return received[received.length - 1];
    }

    private MimeMessage withSubject(String subject) throws Exception {
        for (MimeMessage message : smtp.getReceivedMessages()) {
            if (message.getSubject().equals(subject)) {
                return message;
            }
        }
        throw new AssertionError("No mail " + subject);
    }

    @Test
    void aMemberGetsAReceiptForEachPaymentAndHearsOfEachTurnOfTheirMembershipOnce() throws Exception {
        long checkout = StripeEvents.checkout(checkouts, jdbc, server, ada, tier.id(), Checkouts.Frequency.MONTH, 500);
        var subscription = stripe.subscribe(checkout, tier.id(), 500, "month");
        List<Delivery> joined = stripe.take();
        deliverAndApply(joined);
        deliverAndApply(joined);

        assertThat(subjects()).containsExactlyInAnyOrder("Your receipt from example.social social",
                "Welcome: your membership of example.social social has started");
        MimeMessage receipt = withSubject("Your receipt from example.social social");
        String text = Mails.text(receipt);
        assertThat(text).contains("€5.00", "27 November 2026", "Membership \"Supporter\" of example.social social",
                "http://localhost:" + port + "/me");
        assertThat(Mails.html(receipt)).contains("€5.00", "Membership &quot;Supporter&quot; of example.social social");
        assertThat(receipt.getHeader("List-Unsubscribe")).as("a receipt is always sent").isNull();
        assertThat(receipt.getAllRecipients()).extracting(Object::toString).containsExactly("ada@example.org");

        Instant paidThrough = memberships.ofSupporter(server.id(), ada.id()).get(0).paidThrough();
        clock.set(paidThrough);
        stripe.renew(subscription);
        List<Delivery> renewed = stripe.take();
        deliverAndApply(renewed);
        deliverAndApply(renewed);
        assertThat(subjects()).hasSize(4).contains("Thank you: your support of example.social social continues");
        assertThat(Mails.text(withSubject("Thank you: your support of example.social social continues")))
                .contains("27 January 2027");

        clock.set(memberships.ofSupporter(server.id(), ada.id()).get(0).paidThrough());
        stripe.failRenewal(subscription);
        deliverAndApply(stripe.take());
        assertThat(subjects()).hasSize(5);
        assertThat(last().getSubject()).isEqualTo("A payment for example.social social failed");
        assertThat(Mails.text(last())).contains("10 February 2027", "Manage in Stripe",
                "http://localhost:" + port + "/me");

        clock.advance(Duration.ofDays(14));
        memberships.reviewClock();
        memberships.reviewClock();
        assertThat(subjects()).hasSize(6);
        assertThat(last().getSubject()).isEqualTo("Your membership of example.social social has ended");
        assertThat(Mails.text(last())).contains("http://localhost:" + port + "/support/example.social");
    }

    @Test
    void aGiftGetsAReceiptAtTheAddressGivenToStripeOrNoneWithoutOne() throws Exception {
        Supporter fediverse = supporters.signedInWithFediverse("example.social", "@bo@example.social",
                "https://example.social/users/bo", "@bo@example.social");
        long gift = StripeEvents.checkout(checkouts, jdbc, server, fediverse, null, Checkouts.Frequency.ONCE, 2000);
        stripe.donate(gift, 2000);
        deliverAndApply(stripe.take());
        assertThat(subjects()).as("Stripe has no address for bo either").isEmpty();

        long second = StripeEvents.checkout(checkouts, jdbc, server, ada, null, Checkouts.Frequency.ONCE, 2500);
        stripe.donate(second, 2500);
        deliverAndApply(stripe.take());
        assertThat(subjects()).containsExactly("Your receipt from example.social social");
        assertThat(Mails.text(last())).contains("€25.00", "Donation to example.social social");

        // The gift is disputed: the operators (here the owner's address) are told once.
        jdbc.sql("INSERT INTO owner_account (email, password_hash, locale, created_at) VALUES ('owner@example.social', 'x', 'en', now())")
                .update();
        String charge = jdbc.sql("SELECT charge_id FROM payment WHERE amount_minor = 2500").query(String.class).single();
        stripe.dispute(charge);
        List<Delivery> disputed = stripe.take();
        deliverAndApply(disputed);
        deliverAndApply(disputed);
        assertThat(subjects()).hasSize(2).contains("example.social social: a payment is disputed");
        assertThat(last().getAllRecipients()).extracting(Object::toString).containsExactly("owner@example.social");
        assertThat(Mails.text(last())).contains("€25.00", "/operator/servers/" + server.id() + "/members");
    }

    /**
     * A receipt in every language on offer, to a supporter who reads that language: subject and both parts written
     * in it, the amount and the day as that language writes them ("€ 1.234,50" in Dutch, "2026年11月27日").
     */
    @Test
    void eachSupporterGetsTheirReceiptInTheirOwnLanguage() throws Exception {
        Map<String, String> subjects = new LinkedHashMap<>();
        for (String tag : Languages.tags()) {
            Locale locale = Locale.forLanguageTag(tag);
            Supporter reader = supporters.signedInWithEmail(tag.toLowerCase() + "@example.org");
            supporters.rememberLocale(reader.id(), locale);
            long gift = StripeEvents.checkout(checkouts, jdbc, server, reader, null, Checkouts.Frequency.ONCE, 123450);
            stripe.donate(gift, 123450);
            deliverAndApply(stripe.take());
            subjects();
            MimeMessage receipt = last();
            assertThat(receipt.getAllRecipients()[0].toString()).isEqualTo(tag.toLowerCase() + "@example.org");
            subjects.put(tag, receipt.getSubject());
            String text = Mails.text(receipt);
            String html = Mails.html(receipt);
            assertThat(text).as(tag).contains(MoneyFormat.format(Money.of(123450, "EUR"), locale),
                    LongDates.in(locale).format(LocalDate.of(2026, 11, 27)), "http://localhost:" + port + "/me")
                    .doesNotContain("??");
            assertThat(html).as(tag).contains("lang=\"" + tag + "\"").doesNotContain("??");
            if (!tag.equals("en")) {
                assertThat(receipt.getSubject()).as(tag).isNotEqualTo(subjects.get("en"));
                assertThat(text).as(tag).doesNotContain("Donation to", "your receipt");
            }
        }
        assertThat(subjects).hasSize(Languages.tags().size());
        assertThat(Mails.text(received("nl@example.org"))).contains("€\u00a01.234,50");
        assertThat(Mails.text(received("fr@example.org"))).contains("27 novembre 2026");
        assertThat(Mails.text(received("ja@example.org"))).contains("2026年11月27日");
    }

    private MimeMessage received(String recipient) throws Exception {
        for (MimeMessage message : smtp.getReceivedMessages()) {
            if (message.getAllRecipients()[0].toString().equals(recipient)) {
                return message;
            }
        }
        throw new AssertionError("No mail to " + recipient);
    }
}
