package social.upkeep.notification.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import social.upkeep.instance.Instance;
import social.upkeep.instance.InstanceDetails;
import social.upkeep.instance.Instances;
import social.upkeep.membership.Membership;
import social.upkeep.membership.MembershipEvents;
import social.upkeep.membership.Memberships;
import social.upkeep.membership.SubscriptionFacts;
import social.upkeep.membership.ChargeTrouble;
import social.upkeep.notification.RoleMails;
import social.upkeep.shared.Money;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;
import social.upkeep.support.Browser;
import social.upkeep.support.Eventually;
import social.upkeep.support.FediverseStubs;
import social.upkeep.support.MutableClock;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.UpkeepTest;
import social.upkeep.tier.Tier;
import social.upkeep.tier.TierDetails;
import social.upkeep.tier.Tiers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Supporters who signed in with their fediverse account and gave no email address hear of their membership and
 * their role by direct message from the server's notice account: a {@code direct} status on Mastodon (stubbed as
 * Mastodon answers {@code POST /api/v1/statuses}), a {@code specified} note on Misskey, in their language, once per
 * cause, later when the server is busy, visibly failed when it refuses; and not at all when they switch it off.
 */
@UpkeepTest
class FediverseNoticesTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

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
    NoticeDelivery delivery;

    @Autowired
    RoleMails roleMails;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    MutableClock clock;

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        FediverseStubs.register(registry);
    }

    @BeforeEach
    void setUp() {
        FediverseStubs.reset();
        clock.set(UpkeepTest.START);
        FediverseStubs.wiremock().stubFor(post("/api/v1/statuses").withHost(equalTo(FediverseStubs.MASTODON_46))
                .willReturn(okJson(FediverseStubs.body("mastodon-status.json", FediverseStubs.MASTODON_46, Map.of()))));
    }

    @AfterEach
    void letListenersFinish() {
        Eventually.listenersDone(jdbc);
    }

    @Test
    void aSupporterWithoutAnAddressHearsOfTheirMembershipByDirectMessageOnce() {
        Instance server = server(FediverseStubs.MASTODON_46);
        Browser owner = connect(server, FediverseStubs.token(FediverseStubs.MASTODON_46, "admin"));
        Supporter bea = supporters.signedInWithFediverse(FediverseStubs.MASTODON_46, "777",
                "https://mastodon46.test/users/bea", "@bea@mastodon46.test");
        supporters.rememberLocale(bea.id(), Locale.GERMAN);
        Membership membership = pays(server, tier(server), bea);

        deliver();
        List<LoggedRequest> posted = statuses();
        assertThat(posted).hasSize(1);
        JsonNode status = JSON.readTree(posted.get(0).getBodyAsString());
        assertThat(status.path("visibility").asString()).isEqualTo("direct");
        assertThat(status.path("language").asString()).isEqualTo("de");
        assertThat(status.path("status").asString())
                .startsWith("@bea@mastodon46.test mastodon46.test social: Deine Mitgliedschaft „Supporter“ hat "
                        + "begonnen und ist bezahlt bis 27. Dezember 2026.")
                .contains("/me");
        assertThat(posted.get(0).getHeader("Authorization"))
                .isEqualTo("Bearer " + FediverseStubs.token(FediverseStubs.MASTODON_46, "admin"));
        assertThat(posted.get(0).getHeader("Idempotency-Key")).startsWith("dm:membership-started:" + membership.id());
        assertThat(jdbc.sql("SELECT count(*) FROM mail_outbox").query(Integer.class).single()).as("no mail").isZero();

        // A remote server named its user so as to mention others too: such a name gets no message at all.
        Supporter sly = supporters.signedInWithFediverse(FediverseStubs.MASTODON_46, "778",
                "https://mastodon46.test/users/sly", "@sly @everyone@mastodon46.test");
        roleMails.changed(server.id(), 3, "sly @everyone", "Supporter", true);
        assertThat(jdbc.sql("SELECT count(*) FROM fediverse_notice WHERE supporter_id = ?").param(sly.id())
                .query(Integer.class).single()).isZero();

        // Stripe tells the same news again: nothing new is written, nothing is posted twice.
        transactions.executeWithoutResult(tx -> events.publishEvent(new MembershipEvents.MembershipActivated(
                membership.id(), server.id(), bea.id(), membership.tierId(), membership.paidThrough())));
        deliver();
        assertThat(statuses()).hasSize(1);

        var page = owner.get("/operator/servers/" + server.id() + "/notices");
        assertThat(page.text()).contains("Direct messages are sent by @admin@mastodon46.test", "@bea@mastodon46.test",
                "sent").doesNotContain(FediverseStubs.token(FediverseStubs.MASTODON_46, "admin"));
    }

    @Test
    void aSupporterWhoSwitchesThemOffGetsNone() {
        Instance server = server(FediverseStubs.MASTODON_46);
        connect(server, FediverseStubs.token(FediverseStubs.MASTODON_46, "admin"));
        Browser member = new Browser(port);
        FediverseStubs.signInAs(FediverseStubs.MASTODON_46, "member");
        var me = member.submit(member.get("/signin/supporter"), "form.fediverse-signin",
                Map.of("handle", "@member@mastodon46.test"));
        assertThat(me.path()).isEqualTo("/me");
        assertThat(me.text()).contains("Direct messages", "@member@mastodon46.test");
        me = member.submit(me, "form.notice-preferences", Map.of()); // the box unticked
        assertThat(me.text()).contains("Direct messages are off.");

        Supporter supporter = supporters.find("@member@mastodon46.test").orElseThrow();
        pays(server, tier(server), supporter);
        deliver();
        assertThat(statuses()).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM fediverse_notice").query(Integer.class).single()).isZero();

        me = member.submit(member.get("/me"), "form.notice-preferences", Map.of("wanted", "true"));
        assertThat(me.text()).contains("Direct messages are on.");
    }

    @Test
    void aBusyServerIsAskedAgainLaterAndARefusalFailsVisibly() {
        Instance server = server(FediverseStubs.MASTODON_46);
        Browser owner = connect(server, FediverseStubs.token(FediverseStubs.MASTODON_46, "admin"));
        Supporter bea = supporters.signedInWithFediverse(FediverseStubs.MASTODON_46, "777",
                "https://mastodon46.test/users/bea", "@bea@mastodon46.test");
        // Mastodon's rate limiter answers 429 with X-RateLimit-Limit/-Remaining/-Reset, the reset as an ISO 8601
        // time, and no Retry-After (config/initializers/rack_attack.rb, throttled_responder): ten minutes here.
        var busy = FediverseStubs.wiremock().stubFor(post("/api/v1/statuses").atPriority(1)
                .withHost(equalTo(FediverseStubs.MASTODON_46))
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withHeader("X-RateLimit-Limit", "300").withHeader("X-RateLimit-Remaining", "0")
                        .withHeader("X-RateLimit-Reset", clock.instant().plus(Duration.ofMinutes(10))
                                .atOffset(java.time.ZoneOffset.UTC).toString())
                        .withBody("{\"error\":\"Too many requests\"}")));
        pays(server, tier(server), bea);
        deliver();
        assertThat(statuses()).hasSize(1);
        assertThat(jdbc.sql("SELECT status FROM fediverse_notice").query(String.class).single()).isEqualTo("PENDING");

        clock.advance(Duration.ofMinutes(5)); // before the server's ten minutes: not asked again
        delivery.deliverDue();
        assertThat(statuses()).hasSize(1);

        FediverseStubs.wiremock().removeStub(busy);
        clock.advance(Duration.ofMinutes(6));
        delivery.deliverDue();
        assertThat(statuses()).hasSize(2);
        assertThat(jdbc.sql("SELECT status FROM fediverse_notice").query(String.class).single()).isEqualTo("SENT");

        // The account's token was revoked: the server refuses, the notice fails and the page says so.
        var revoked = FediverseStubs.wiremock().stubFor(post("/api/v1/statuses").atPriority(1)
                .withHost(equalTo(FediverseStubs.MASTODON_46)).willReturn(aResponse().withStatus(401)
                        .withBody("{\"error\":\"The access token was revoked\"}")));
        roleMails.changed(server.id(), 41, "bea", "Supporter", true);
        delivery.deliverDue();
        assertThat(jdbc.sql("SELECT status FROM fediverse_notice WHERE cause_key LIKE 'dm:role:%'")
                .query(String.class).single()).isEqualTo("FAILED");
        var page = owner.get("/operator/servers/" + server.id() + "/notices");
        assertThat(page.text()).contains("failed", "HTTP 401");

        // Another server's page cannot send it again; its own can, once the token works again.
        long failed = jdbc.sql("SELECT id FROM fediverse_notice WHERE status = 'FAILED'").query(Long.class).single();
        Instance other = server(FediverseStubs.MASTODON_42);
        assertThat(owner.post("/operator/servers/" + other.id() + "/notices/" + failed + "/retry",
                Map.of("_csrf", page.document().select("form.retry input[name=_csrf]").attr("value"))).text())
                .contains("There is no failed message with that number on this server.");
        FediverseStubs.wiremock().removeStub(revoked);
        page = owner.submit(page, "form.retry", Map.of());
        assertThat(page.text()).contains("The message goes out again within a minute.");
        delivery.deliverDue();
        assertThat(jdbc.sql("SELECT status FROM fediverse_notice WHERE id = ?").param(failed).query(String.class)
                .single()).isEqualTo("SENT");
    }

    /** Akkoma (Pleroma's MastodonAPI StatusController) and GoToSocial take the same call as Mastodon. */
    @ParameterizedTest
    @ValueSource(strings = {FediverseStubs.AKKOMA, FediverseStubs.GOTOSOCIAL})
    void akkomaAndGoToSocialGetADirectStatus(String host) {
        Instance server = server(host);
        connect(server, FediverseStubs.token(host, "member"));
        FediverseStubs.wiremock().stubFor(post("/api/v1/statuses").withHost(equalTo(host))
                .willReturn(okJson(FediverseStubs.body("mastodon-status.json", host, Map.of()))));
        supporters.signedInWithFediverse(host, "31", "https://" + host + "/users/bea", "@bea@" + host);

        roleMails.changed(server.id(), 9, "bea", "Supporter", false);
        delivery.deliverDue();

        List<LoggedRequest> posted = statuses();
        assertThat(posted).hasSize(1);
        assertThat(posted.get(0).getHeader("Host")).startsWith(host);
        JsonNode status = JSON.readTree(posted.get(0).getBodyAsString());
        assertThat(status.path("visibility").asString()).isEqualTo("direct");
        assertThat(status.path("status").asString()).startsWith("@bea@" + host + " " + host
                + " social: the role “Supporter” was taken away on the server, as your membership ended.");
    }

    @Test
    void misskeyGetsANoteVisibleOnlyToThatUser() {
        Instance server = server(FediverseStubs.MISSKEY);
        connect(server, FediverseStubs.token(FediverseStubs.MISSKEY, "admin"));
        // Misskey's own endpoints (packages/backend/src/server/api/endpoints/users/show.ts, notes/create.ts).
        FediverseStubs.wiremock().stubFor(post("/api/users/show").withHost(equalTo(FediverseStubs.MISSKEY))
                .willReturn(okJson("{\"id\":\"9beaxyzabc\",\"username\":\"bea\",\"host\":null,\"name\":\"Bea\"}")));
        FediverseStubs.wiremock().stubFor(post("/api/notes/create").withHost(equalTo(FediverseStubs.MISSKEY))
                .willReturn(okJson("{\"createdNote\":{\"id\":\"9notexyzab\",\"visibility\":\"specified\","
                        + "\"visibleUserIds\":[\"9beaxyzabc\"],\"text\":\"...\"}}")));
        Supporter bea = supporters.signedInWithFediverse(FediverseStubs.MISSKEY, "9beaxyzabc",
                "https://misskey.test/users/9beaxyzabc", "@bea@misskey.test");
        supporters.rememberLocale(bea.id(), Locale.ENGLISH);

        roleMails.changed(server.id(), 7, "bea", "Supporter", true);
        delivery.deliverDue();

        List<LoggedRequest> lookups = FediverseStubs.wiremock().findAll(postRequestedFor(urlPathEqualTo("/api/users/show")));
        assertThat(JSON.readTree(lookups.get(0).getBodyAsString()).path("username").asString()).isEqualTo("bea");
        assertThat(JSON.readTree(lookups.get(0).getBodyAsString()).path("host").isNull()).as("a local user").isTrue();
        List<LoggedRequest> notes = FediverseStubs.wiremock().findAll(postRequestedFor(urlPathEqualTo("/api/notes/create")));
        assertThat(notes).hasSize(1);
        JsonNode note = JSON.readTree(notes.get(0).getBodyAsString());
        assertThat(note.path("visibility").asString()).isEqualTo("specified");
        assertThat(note.path("visibleUserIds").get(0).asString()).isEqualTo("9beaxyzabc");
        assertThat(note.path("text").asString())
                .startsWith("@bea@misskey.test misskey.test social: you now have the role “Supporter” on the server.");
    }

    @Test
    void aTokenThatIsNoneOrThatTheServerRefusesIsNotKept() {
        Instance server = server(FediverseStubs.MASTODON_46);
        Browser owner = SignedInOwner.browser(port, jdbc, passwords);
        String notices = "/operator/servers/" + server.id() + "/notices";
        var page = owner.submit(owner.get(notices), "form.notice-account",
                Map.of("token", "<script>alert(1)</script>"));
        assertThat(page.text()).contains("That is not an access token");
        assertThat(page.body()).doesNotContain("<script>alert(1)</script>");
        page = owner.submit(owner.get(notices), "form.notice-account", Map.of("token", "not-a-real-token-123"));
        assertThat(page.path()).isEqualTo(notices);
        assertThat(page.text()).doesNotContain("not-a-real-token-123", "Direct messages are sent by");
        assertThat(page.document().select(".notice.bad").text()).isNotEmpty();
        assertThat(page.body()).doesNotContain("not-a-real-token-123");
        page = owner.submit(owner.get(notices), "form.notice-account", Map.of("token", ""));
        assertThat(page.document().select(".notice.bad").text()).contains("That is not an access token");
        assertThat(jdbc.sql("SELECT count(*) FROM notice_account").query(Integer.class).single()).isZero();
    }

    private Browser connect(Instance server, String token) {
        Browser owner = SignedInOwner.browser(port, jdbc, passwords);
        var page = owner.submit(owner.get("/operator/servers/" + server.id() + "/notices"), "form.notice-account",
                Map.of("token", token));
        assertThat(page.text()).contains("The notice account is connected.");
        assertThat(jdbc.sql("SELECT token_sealed FROM notice_account").query(String.class).single())
                .as("sealed").doesNotContain(token);
        return owner;
    }

    private void deliver() {
        Eventually.listenersDone(jdbc);
        delivery.deliverDue();
    }

    private static List<LoggedRequest> statuses() {
        return FediverseStubs.wiremock().findAll(postRequestedFor(urlPathEqualTo("/api/v1/statuses")));
    }

    private Instance server(String host) {
        return instances.create(new InstanceDetails(host, host + " social", Currency.getInstance("EUR"),
                ZoneId.of("Europe/Berlin"), LocalDate.of(2024, 1, 1), null, null), false);
    }

    private Tier tier(Instance server) {
        return tiers.create(server.id(), server.currency(), new TierDetails("Supporter", "", List.of(),
                Money.of(500, "EUR"), null, null, null, true));
    }

    private Membership pays(Instance where, Tier what, Supporter who) {
        String id = "sub_" + where.id() + "_" + who.id();
        var paidThrough = clock.instant().plus(Duration.ofDays(30));
        memberships.recordSubscription(where.id(), new SubscriptionFacts(id, "cus_" + who.id(), who.id(), what.id(),
                "MONTH", Money.of(500, "EUR"), "active", false, null, paidThrough, ChargeTrouble.NONE), "test");
        return memberships.recordPaidPeriod(where.id(), id, paidThrough, "test").orElseThrow();
    }
}
