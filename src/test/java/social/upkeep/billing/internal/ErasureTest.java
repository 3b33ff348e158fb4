package social.upkeep.billing.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.membership.MembershipState;
import social.upkeep.membership.Memberships;
import social.upkeep.shared.Money;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;
import social.upkeep.support.Browser;
import social.upkeep.support.Eventually;
import social.upkeep.support.FediverseStubs;
import social.upkeep.support.MutableClock;
import social.upkeep.support.Servers;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.StripeStubs;
import social.upkeep.support.StripeWorld;
import social.upkeep.support.UpkeepTest;
import social.upkeep.tier.Tier;
import social.upkeep.tier.TierDetails;
import social.upkeep.tier.Tiers;

/**
 * Erasing a supporter's data (issue 19), by themselves and by the operator: Stripe first, and nothing changed when
 * Stripe cannot be reached; afterwards no text in the database names them, and every total is as it was.
 */
@UpkeepTest
class ErasureTest {

    static final String EMAIL = "member-mail@example.org";

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
    Supporters supporters;

    @Autowired
    Memberships memberships;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    MutableClock clock;

    Instance server;
    Tier tier;
    StripeWorld stripe;

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        StripeStubs.register(registry);
        FediverseStubs.register(registry);
    }

    @BeforeEach
    void setUp() {
        clock.set(UpkeepTest.START);
        StripeStubs.reset("eur");
        FediverseStubs.reset();
        server = Servers.create(instances, "example.social", "EUR");
        accounts.saveKeys(server.id(), StripeStubs.SECRET_KEY, StripeStubs.WEBHOOK_SECRET);
        tier = tiers.create(server.id(), server.currency(), new TierDetails("Supporter", "", List.of(),
                Money.of(500, "EUR"), null, null, "Supporter", true));
        stripe = new StripeWorld(server.id(), clock, "EUR").customerEmail(EMAIL);
    }

    @AfterEach
    void letListenersFinish() {
        Eventually.listenersDone(jdbc);
    }

    @Test
    void aSupporterDeletesTheirAccountAndNoTextInTheDatabaseNamesThemWhileEveryTotalStays() {
        Browser member = signIn("member");
        Supporter before = supporters.find("@member@mastodon46.test").orElseThrow();
        jdbc.sql("UPDATE supporter SET email = ? WHERE id = ?").params(EMAIL, before.id()).update();
        var subscription = join(member, "HANDLE");
        leaveTracesElsewhere(before);
        // The receipt went out (mail not yet sent is dropped by the erasure, and checked apart).
        jdbc.sql("UPDATE mail_outbox SET status = 'SENT', sent_at = ? WHERE recipient = ?")
                .params(clock.instant().atOffset(ZoneOffset.UTC), EMAIL).update();
        List<String> needles = List.of(EMAIL, before.handle(), before.actorUri());
        assertThat(occurrences(needles)).as("what names them before").isNotEmpty()
                .anySatisfy(where -> assertThat(where).startsWith("stripe_event.payload"))
                .anySatisfy(where -> assertThat(where).startsWith("mail_outbox.recipient"));
        assertThat(new Browser(port).get("/servers/example.social").text()).contains(before.handle());
        String fundingCsv = new Browser(port).get("/servers/example.social/funding.csv").body();
        String fundingJson = new Browser(port).get("/servers/example.social/funding.json").body();
        List<Map<String, Object>> ledger = ledger();

        String cancelled = stripe.cancelNow(subscription);
        StripeStubs.wiremock().stubFor(delete(urlEqualTo("/v1/subscriptions/" + subscription.id))
                .willReturn(okJson(cancelled)));
        var page = member.get("/me");
        page = member.get(page.document().selectFirst("a.delete-me").attr("href"));
        assertThat(page.document().select("li.cancels").text())
                .isEqualTo("It cancels your subscription in Stripe now, so nothing more is charged.");
        page = member.submit(page, "form.erase", Map.of("confirm", "true"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("Your account is deleted", "Upkeep has erased your data and signed you out");
        assertThat(member.get("/me").path()).isEqualTo("/signin/supporter");
        StripeStubs.wiremock().verify(1, deleteRequestedFor(urlEqualTo("/v1/subscriptions/" + subscription.id)));

        // Stripe's event about the cancellation comes afterwards and changes nothing.
        StripeEvents.deliverAndApply(port, server.id(), stripe.take(), worker, jdbc, clock);
        Eventually.listenersDone(jdbc);

        assertThat(occurrences(needles)).as("what names them after").isEmpty();
        Supporter after = supporters.get(before.id()).orElseThrow();
        assertThat(after.erased()).isTrue();
        assertThat(after.displayName()).isEqualTo("former supporter " + before.id());
        assertThat(memberships.ofSupporter(before.id())).extracting(m -> m.state()).containsOnly(MembershipState.ENDED);
        assertThat(jdbc.sql("SELECT erased_by FROM erasure WHERE supporter_id = ?").param(before.id())
                .query(String.class).single()).isEqualTo("SUPPORTER");
        assertThat(jdbc.sql("SELECT recipient FROM mail_outbox WHERE recipient LIKE 'former supporter%'")
                .query(String.class).list()).isNotEmpty().containsOnly("former supporter " + before.id());
        assertThat(new Browser(port).get("/servers/example.social").text()).doesNotContain(before.handle());
        assertThat(new Browser(port).get("/servers/example.social/funding.csv").body()).isEqualTo(fundingCsv);
        assertThat(new Browser(port).get("/servers/example.social/funding.json").body()).isEqualTo(fundingJson);
        assertThat(ledger()).isEqualTo(ledger);
        assertThat(jdbc.sql("SELECT count(*) FROM payment").query(Integer.class).single()).isOne();
        var members = SignedInOwner.browser(port, jdbc, passwords).get("/operator/servers/" + server.id() + "/members");
        assertThat(members.text()).contains("former supporter " + before.id()).doesNotContain(EMAIL);
    }

    @Test
    void withStripeUnreachableNothingIsErasedAndTheSupporterIsToldSo() {
        Browser member = signIn("member");
        Supporter supporter = supporters.find("@member@mastodon46.test").orElseThrow();
        jdbc.sql("UPDATE supporter SET email = ? WHERE id = ?").params(EMAIL, supporter.id()).update();
        var subscription = join(member, "HANDLE");
        StripeStubs.wiremock().stubFor(delete(urlEqualTo("/v1/subscriptions/" + subscription.id))
                .willReturn(aResponse().withStatus(500).withBody("{\"error\": {\"type\": \"api_error\"}}")));
        String export = member.get("/me/data.json").body();

        var page = member.submit(member.get("/me/delete"), "form.erase", Map.of("confirm", "true"));
        assertThat(page.status()).isEqualTo(503);
        assertThat(page.text()).contains("Nothing has been erased: Stripe could not be reached");
        assertThat(member.get("/me/data.json").body()).isEqualTo(export);
        assertThat(member.get("/me").path()).isEqualTo("/me");
        assertThat(memberships.ofSupporter(supporter.id())).extracting(m -> m.state())
                .containsOnly(MembershipState.ACTIVE);
        assertThat(jdbc.sql("SELECT count(*) FROM erasure").query(Integer.class).single()).isZero();
    }

    @Test
    void nothingIsErasedWithoutTheTickOrForAnyoneButTheSupporterThemselves() {
        Browser owner = SignedInOwner.browser(port, jdbc, passwords);
        Browser member = signIn("member");
        Supporter supporter = supporters.find("@member@mastodon46.test").orElseThrow();

        var page = member.post("/me/delete", Map.of("_csrf", csrf(member.get("/me/delete"))));
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.text()).contains("Tick the box to confirm");
        assertThat(member.post("/me/delete", Map.of("confirm", "true")).status()).isEqualTo(403);
        assertThat(supporters.get(supporter.id()).orElseThrow().erased()).isFalse();

        assertThat(new Browser(port).get("/me/delete").path()).isEqualTo("/signin/supporter");
        assertThat(owner.get("/me/delete").status()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT count(*) FROM erasure").query(Integer.class).single()).isZero();
    }

    @Test
    void theOperatorErasesASupporterWhoAskedByMailDeletingTheirStripeCustomerAndOnlyTheirServersSupporters() {
        Browser member = signIn("member");
        Supporter supporter = supporters.find("@member@mastodon46.test").orElseThrow();
        jdbc.sql("UPDATE supporter SET email = ? WHERE id = ?").params(EMAIL, supporter.id()).update();
        var subscription = join(member, "ANONYMOUS");
        Supporter stranger = supporters.signedInWithEmail("someone-else@example.org");
        StripeStubs.wiremock().stubFor(delete(urlEqualTo("/v1/subscriptions/" + subscription.id))
                .willReturn(okJson(stripe.cancelNow(subscription))));
        StripeStubs.wiremock().stubFor(delete(urlEqualTo("/v1/customers/" + subscription.customer))
                .willReturn(okJson("{\"id\": \"" + subscription.customer + "\", \"object\": \"customer\", \"deleted\": true}")));
        Browser owner = SignedInOwner.browser(port, jdbc, passwords);
        String privacy = "/operator/servers/" + server.id() + "/privacy";

        var page = owner.submit(owner.get(privacy), "form.privacy-settings", Map.of("contact", "<script>x</script>",
                "statement", "We answer within a week."));
        assertThat(page.text()).contains("The contact must be an email address or an https address.");
        page = owner.submit(owner.get(privacy), "form.privacy-settings", Map.of("contact", "privacy@example.social",
                "statement", "We answer within a week.", "deleteStripeCustomers", "true"));
        assertThat(page.text()).contains("Saved.");

        // Someone who has nothing with this server is not found, by address or by id.
        page = owner.submit(owner.get(privacy), "form.find-supporter", Map.of("who", "someone-else@example.org"));
        assertThat(page.path()).isEqualTo(privacy);
        assertThat(page.text()).contains("No supporter of this server has that handle or address.");
        page = owner.post(privacy + "/erase", Map.of("_csrf", csrf(owner.get(privacy)), "supporter",
                String.valueOf(stranger.id()), "confirm", "true"));
        assertThat(page.text()).contains("No supporter of this server has that handle or address.");
        assertThat(supporters.get(stranger.id()).orElseThrow().erased()).isFalse();

        page = owner.submit(owner.get(privacy), "form.find-supporter", Map.of("who", EMAIL.toUpperCase()));
        assertThat(page.document().select("p.who").text()).isEqualTo("Erase the data of @member@mastodon46.test?");
        assertThat(page.text()).contains("One membership on this server will end now.",
                "Their Stripe customer is deleted too");
        var unticked = owner.post(privacy + "/erase", Map.of("_csrf", csrf(page), "supporter",
                String.valueOf(supporter.id())));
        assertThat(unticked.text()).contains("Tick the box to confirm the erasure.");
        assertThat(supporters.get(supporter.id()).orElseThrow().erased()).isFalse();
        page = owner.submit(page, "form.erase", Map.of("confirm", "true"));
        assertThat(page.path()).isEqualTo(privacy);
        assertThat(page.text()).contains("Their data has been erased.");
        assertThat(page.document().select("ul.erasures li").text())
                .startsWith("Former supporter " + supporter.id() + ": erased ")
                .endsWith(" by the operator (" + SignedInOwner.EMAIL + ")");
        StripeStubs.wiremock().verify(1, deleteRequestedFor(urlEqualTo("/v1/subscriptions/" + subscription.id)));
        StripeStubs.wiremock().verify(1, deleteRequestedFor(urlEqualTo("/v1/customers/" + subscription.customer)));
        assertThat(supporters.get(supporter.id()).orElseThrow().erased()).isTrue();
        assertThat(jdbc.sql("SELECT erased_by || ' ' || actor FROM erasure WHERE supporter_id = ?")
                .param(supporter.id()).query(String.class).single()).isEqualTo("OPERATOR " + SignedInOwner.EMAIL);
        // The member's session is over: they are signed out everywhere.
        assertThat(member.get("/me").path()).isEqualTo("/signin/supporter");

        // The public privacy page carries the operator's contact and words, as text.
        var publicPage = new Browser(port).get("/servers/example.social/privacy");
        assertThat(publicPage.document().select("a.contact").attr("href")).isEqualTo("mailto:privacy@example.social");
        assertThat(publicPage.document().select("section.statement p").text()).isEqualTo("We answer within a week.");
    }

    /** Every text (and binary) column of every table, as "table.column", in which one of the needles occurs. */
    private List<String> occurrences(List<String> needles) {
        List<String> found = new ArrayList<>();
        var columns = jdbc.sql("""
                        SELECT table_name, column_name, data_type FROM information_schema.columns
                        WHERE table_schema = current_schema()
                          AND data_type IN ('text', 'character varying', 'character', 'bytea', 'json', 'jsonb')
                        ORDER BY table_name, column_name""")
                .query((rs, row) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3))).list();
        for (List<String> column : columns) {
            String test = column.get(2).equals("bytea") ? "position(convert_to(?, 'UTF8') in \"%s\") > 0"
                    : "strpos(lower(\"%s\"::text), lower(?)) > 0";
            for (String needle : needles) {
                int rows = jdbc.sql("SELECT count(*) FROM \"" + column.get(0) + "\" WHERE "
                        + test.formatted(column.get(1))).param(needle).query(Integer.class).single();
                if (rows > 0) {
                    found.add(column.get(0) + "." + column.get(1) + " (" + needle + ")");
                }
            }
        }
        return found;
    }

    private List<Map<String, Object>> ledger() {
        return jdbc.sql("""
                        SELECT kind, currency, sum(amount_minor) AS total, count(*) AS entries FROM ledger_entry
                        WHERE instance_id = ? GROUP BY kind, currency ORDER BY kind, currency""")
                .param(server.id()).query().listOfRows();
    }

    /** What else Upkeep may keep about a supporter: a used sign-in link, mail choices, a failed sign-in. */
    private void leaveTracesElsewhere(Supporter supporter) {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        jdbc.sql("INSERT INTO email_signin_link (token_hash, email, expires_at, used_at) VALUES (?, ?, ?, ?)")
                .params("ab".repeat(32), EMAIL, now, now).update();
        jdbc.sql("INSERT INTO mail_optout (email, kind, created_at) VALUES (?, 'report', ?)").params(EMAIL, now).update();
        jdbc.sql("""
                        INSERT INTO signin_failure (username, remote_address, failures, last_failed_at)
                        VALUES (?, '192.0.2.7', 1, ?)""").params(EMAIL, now).update();
        jdbc.sql("""
                        INSERT INTO complimentary_invitation (instance_id, token_hash, invited, note, invited_by,
                            created_at, expires_at) VALUES (?, ?, ?, 'Thanks, member', 'owner@example.social', ?, ?)""")
                .params(server.id(), "cd".repeat(32), supporter.handle(), now, now).update();
        jdbc.sql("""
                        INSERT INTO fediverse_notice (instance_id, cause_key, supporter_id, recipient, body, language,
                            status, next_attempt_at, created_at) VALUES (?, 'dm:test', ?, ?, ?, 'en', 'SENT', ?, ?)""")
                .params(server.id(), supporter.id(), supporter.handle(), "Hello " + supporter.handle(), now, now)
                .update();
    }

    private Browser signIn(String account) {
        FediverseStubs.signInAs(FediverseStubs.MASTODON_46, account);
        var browser = new Browser(port);
        var page = browser.submit(browser.get("/signin/supporter"), "form.fediverse-signin",
                Map.of("handle", "@" + account + "@mastodon46.test"));
        assertThat(page.path()).isEqualTo("/me");
        return browser;
    }

    /** Joins the tier through the support page and Stripe's (stubbed) checkout, named as {@code listing}. */
    private StripeWorld.Subscription join(Browser browser, String listing) {
        var page = browser.submit(browser.get("/support/example.social"), "form.join", Map.of("listing", listing));
        assertThat(page.path()).startsWith("/pay/");
        long checkout = jdbc.sql("SELECT max(id) FROM checkout").query(Long.class).single();
        var subscription = stripe.subscribe(checkout, tier.id(), 500, "month");
        StripeEvents.deliverAndApply(port, server.id(), stripe.take(), worker, jdbc, clock);
        Eventually.listenersDone(jdbc);
        return subscription;
    }

    private static String csrf(Browser.Page page) {
        return page.document().selectFirst("input[name=_csrf]").attr("value");
    }
}
