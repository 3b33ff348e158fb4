package social.upkeep.posting.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.upkeep.instance.Instance;
import social.upkeep.instance.InstanceDetails;
import social.upkeep.instance.Instances;
import social.upkeep.ledger.Booking;
import social.upkeep.ledger.EntryKind;
import social.upkeep.ledger.Ledger;
import social.upkeep.ledger.MonthClosing;
import social.upkeep.shared.Money;
import social.upkeep.support.Browser;
import social.upkeep.support.Eventually;
import social.upkeep.support.FediverseStubs;
import social.upkeep.support.MutableClock;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.UpkeepTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server's notice account tells the server how it is funded: the month's report when a month is closed, the
 * goal reached, thanks to newly named supporters; once each, in the operator's language and words, only when
 * switched on; a status on Mastodon, Akkoma and GoToSocial (the stubs answer POST /api/v1/statuses as Mastodon's
 * StatusesController does), a note on Misskey (endpoints/notes/create.ts); later when busy, failed when refused.
 */
@UpkeepTest
class PostingTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final JobKey DELIVERY = JobKey.jobKey("post-delivery", "posting");
    static final JobKey THANKS = JobKey.jobKey("post-thanks", "posting");
    static final JobKey GOAL = JobKey.jobKey("post-goal", "posting");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Instances instances;

    @Autowired
    Ledger ledger;

    @Autowired
    MonthClosing closing;

    @Autowired
    PostDelivery delivery;

    @Autowired
    PostTriggers triggers;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    MutableClock clock;

    /** The jobs that do this test's work must not race it. */
    @Autowired
    Scheduler scheduler;

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        FediverseStubs.register(registry);
    }

    @BeforeEach
    void setUp() throws Exception {
        scheduler.pauseJob(DELIVERY);
        scheduler.pauseJob(THANKS);
        scheduler.pauseJob(GOAL);
        FediverseStubs.reset();
        clock.set(UpkeepTest.START);
        for (String host : List.of(FediverseStubs.MASTODON_46, FediverseStubs.AKKOMA, FediverseStubs.GOTOSOCIAL)) {
            FediverseStubs.wiremock().stubFor(post("/api/v1/statuses").withHost(equalTo(host))
                    .willReturn(okJson(FediverseStubs.body("mastodon-status.json", host, Map.of()))));
        }
    }

    @AfterEach
    void resume() throws Exception {
        Eventually.listenersDone(jdbc);
        scheduler.resumeJob(DELIVERY);
        scheduler.resumeJob(THANKS);
        scheduler.resumeJob(GOAL);
    }

    private Instance server(String host, Money goal) {
        return instances.create(new InstanceDetails(host, host + " social", Currency.getInstance("EUR"),
                ZoneId.of("Europe/Berlin"), LocalDate.of(2024, 1, 1), goal, null), false);
    }

    private Browser owner(Instance server, boolean connect) {
        Browser owner = SignedInOwner.browser(port, jdbc, passwords);
        if (connect) {
            var page = owner.submit(owner.get("/operator/servers/" + server.id() + "/notices"), "form.notice-account",
                    Map.of("token", FediverseStubs.token(server.host(), "admin")));
            assertThat(page.text()).contains("The notice account is connected.");
        }
        return owner;
    }

    private Browser.Page settings(Browser owner, Instance server, Map<String, String> fields) {
        return owner.submit(owner.get("/operator/servers/" + server.id() + "/posting"), "form.posting-settings", fields);
    }

    private void income(Instance server, LocalDate on, long minor, String key) {
        ledger.book(new Booking(server.id(), EntryKind.MANUAL_INCOME, Money.of(minor, "EUR"), null, on, "Donation",
                "bank-transfer", key));
    }

    private static List<LoggedRequest> statuses(String host) {
        return FediverseStubs.wiremock().findAll(postRequestedFor(urlPathEqualTo("/api/v1/statuses"))
                .withHost(equalTo(host)));
    }

    private void deliver() {
        Eventually.listenersDone(jdbc);
        delivery.deliverDue();
    }

    @Test
    void theMonthsReportIsPostedOnceWhenItIsClosedInTheChosenLanguageWithTheHashtags() {
        Instance server = server(FediverseStubs.MASTODON_46, null);
        Browser owner = owner(server, true);
        var page = settings(owner, server, Map.of("enabled", "true", "monthReport", "true", "language", "de",
                "visibility", "UNLISTED", "hashtags", "#fediverse Finanzierung"));
        assertThat(page.text()).contains("Posting settings saved.");
        income(server, LocalDate.of(2026, 10, 5), 12_345, "test:october");

        closing.closeThrough(server.id(), YearMonth.of(2026, 10));
        deliver();
        deliver();

        List<LoggedRequest> posted = statuses(FediverseStubs.MASTODON_46);
        assertThat(posted).hasSize(1);
        JsonNode status = JSON.readTree(posted.get(0).getBodyAsString());
        assertThat(status.path("visibility").asString()).isEqualTo("unlisted");
        assertThat(status.path("language").asString()).isEqualTo("de");
        assertThat(status.path("status").asString().replace('\u00A0', ' ').replace('\u202F', ' '))
                .startsWith("mastodon46.test social im Oktober 2026: 123,45 € kamen herein und 0,00 € gingen hinaus; "
                        + "der Kontostand ist 123,45 €.")
                .contains("Alle Zahlen: http://localhost:" + port + "/servers/mastodon46.test")
                .endsWith("\n\n#fediverse #Finanzierung");
        assertThat(posted.get(0).getHeader("Idempotency-Key")).isEqualTo("post:month:" + server.id() + ":2026-10");
        assertThat(posted.get(0).getHeader("Authorization"))
                .isEqualTo("Bearer " + FediverseStubs.token(FediverseStubs.MASTODON_46, "admin"));
        var list = owner.get("/operator/servers/" + server.id() + "/posting").document();
        assertThat(list.select("table.posts td.status").text()).isEqualTo("Posted");
        assertThat(list.select("table.posts").text()).doesNotContain(FediverseStubs.token(FediverseStubs.MASTODON_46,
                "admin"));
    }

    @Test
    void nothingIsPostedWhileOffAndPostingNeedsTheNoticeAccount() {
        Instance server = server(FediverseStubs.MASTODON_46, Money.of(50_00, "EUR"));
        Browser owner = owner(server, false);
        var page = settings(owner, server, Map.of("enabled", "true", "language", "en", "visibility", "PUBLIC"));
        assertThat(page.text()).contains("Connect the notice account before switching posting on.");
        page = settings(owner, server, Map.of("hashtags", "#ok <script>"));
        assertThat(page.text()).contains("Hashtags are up to five words");
        page = settings(owner, server, Map.of("language", "xx"));
        assertThat(page.text()).contains("Choose a language and who sees the posts from the lists.");

        page = owner.submit(owner.get("/operator/servers/" + server.id() + "/notices"), "form.notice-account",
                Map.of("token", FediverseStubs.token(server.host(), "admin")));
        assertThat(page.text()).contains("The notice account is connected.");
        income(server, LocalDate.of(2026, 10, 5), 100_00, "test:october");
        closing.closeThrough(server.id(), YearMonth.of(2026, 10));
        income(server, LocalDate.of(2026, 11, 20), 60_00, "test:goal");
        assertThat(triggers.checkGoal(server.id())).isFalse();
        deliver();
        assertThat(statuses(FediverseStubs.MASTODON_46)).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM fediverse_post").query(Integer.class).single()).isZero();
    }

    @Test
    void reachingTheGoalIsPostedOnceAMonth() {
        Instance server = server(FediverseStubs.MASTODON_46, Money.of(50_00, "EUR"));
        Browser owner = owner(server, true);
        settings(owner, server, Map.of("enabled", "true", "goalReached", "true", "language", "en",
                "visibility", "PUBLIC"));
        income(server, LocalDate.of(2026, 11, 20), 30_00, "test:first");
        assertThat(triggers.checkGoal(server.id())).as("60 % is not the goal").isFalse();

        income(server, LocalDate.of(2026, 11, 21), 25_00, "test:second");
        assertThat(triggers.checkGoal(server.id())).isTrue();
        income(server, LocalDate.of(2026, 11, 22), 5_00, "test:third");
        assertThat(triggers.checkGoal(server.id())).as("queued once: the same cause").isTrue();
        deliver();
        deliver();
        List<LoggedRequest> posted = statuses(FediverseStubs.MASTODON_46);
        assertThat(posted).hasSize(1);
        JsonNode status = JSON.readTree(posted.get(0).getBodyAsString());
        assertThat(status.path("visibility").asString()).isEqualTo("public");
        assertThat(status.path("status").asString()).startsWith(
                "Thank you! mastodon46.test social has reached its goal for November 2026: €55.00 of €50.00.");
    }

    @Test
    void newlyNamedSupportersAreThankedOnceAndThoseNamedBeforeAreNotThankedAsNew() {
        Instance server = server(FediverseStubs.MASTODON_46, null);
        Browser owner = owner(server, true);
        named(server, "Ada");
        settings(owner, server, Map.of("enabled", "true", "thanks", "true", "language", "en", "visibility", "UNLISTED"));
        assertThat(triggers.thankNewSupporters(server.id())).as("Ada was named before thanks were on").isZero();

        named(server, "Bea <b>");
        assertThat(triggers.thankNewSupporters(server.id())).isOne();
        assertThat(triggers.thankNewSupporters(server.id())).isZero();
        deliver();
        List<LoggedRequest> posted = statuses(FediverseStubs.MASTODON_46);
        assertThat(posted).hasSize(1);
        assertThat(JSON.readTree(posted.get(0).getBodyAsString()).path("status").asString())
                .startsWith("Thank you for supporting mastodon46.test social: Bea <b>!");
        var page = owner.get("/operator/servers/" + server.id() + "/posting").document();
        assertThat(page.select("table.posts b")).as("posts are shown as text").isEmpty();
    }

    @Test
    void theOperatorsWordingIsUsedAndBadWordingIsRefused() {
        Instance server = server(FediverseStubs.MASTODON_46, null);
        Browser owner = owner(server, true);
        settings(owner, server, Map.of("enabled", "true", "thanks", "true", "language", "en", "visibility", "UNLISTED"));
        String path = "/operator/servers/" + server.id() + "/posting";
        var form = "section.kind-THANKS form.wording";
        var page = owner.submit(owner.get(path), form, Map.of("wording", "Hi {nobody}"));
        assertThat(page.text()).contains("The wording uses a placeholder this kind of post does not have.");
        page = owner.submit(owner.get(path), form, Map.of("wording", "x".repeat(451)));
        assertThat(page.text()).contains("The wording is longer than 450 characters.");
        page = owner.submit(owner.get(path), form, Map.of("wording", "   "));
        assertThat(page.text()).contains("The wording is empty.");
        page = owner.submit(owner.get(path), form, Map.of("wording", "<script>x</script> Merci {names} ({link})"));
        assertThat(page.text()).contains("The wording is saved.");
        assertThat(page.document().select("section.kind-THANKS pre.preview").text())
                .isEqualTo("<script>x</script> Merci @ada@mastodon46.test, Bea (http://localhost:" + port + "/servers/mastodon46.test)");
        assertThat(page.document().select("main script")).isEmpty();

        named(server, "Cy");
        triggers.thankNewSupporters(server.id());
        deliver();
        assertThat(JSON.readTree(statuses(FediverseStubs.MASTODON_46).get(0).getBodyAsString()).path("status")
                .asString()).isEqualTo("<script>x</script> Merci Cy (http://localhost:" + port + "/servers/mastodon46.test)");

        page = owner.submit(owner.get(path), "section.kind-THANKS form.wording-reset", Map.of());
        assertThat(page.text()).contains("The default wording is back.");
        assertThat(page.document().select("section.kind-THANKS textarea").text()).startsWith("Thank you for supporting");
    }

    @Test
    void aBusyServerIsAskedAgainAfterItsResetAndARefusalFailsVisiblyAndCanBeSentAgain() {
        Instance server = server(FediverseStubs.MASTODON_46, null);
        Browser owner = owner(server, true);
        settings(owner, server, Map.of("enabled", "true", "thanks", "true", "language", "en", "visibility", "UNLISTED"));
        // Mastodon's rate limiter: 429 with X-RateLimit-Reset and no Retry-After (config/initializers/rack_attack.rb).
        var busy = FediverseStubs.wiremock().stubFor(post("/api/v1/statuses").atPriority(1)
                .withHost(equalTo(FediverseStubs.MASTODON_46)).willReturn(aResponse().withStatus(429)
                        .withHeader("X-RateLimit-Reset", clock.instant().plus(Duration.ofMinutes(10))
                                .atOffset(ZoneOffset.UTC).toString())
                        .withBody("{\"error\":\"Too many requests\"}")));
        named(server, "Bea");
        triggers.thankNewSupporters(server.id());
        deliver();
        clock.advance(Duration.ofMinutes(5));
        delivery.deliverDue();
        assertThat(statuses(FediverseStubs.MASTODON_46)).as("not again before the reset").hasSize(1);
        FediverseStubs.wiremock().removeStub(busy);
        clock.advance(Duration.ofMinutes(6));
        delivery.deliverDue();
        assertThat(statuses(FediverseStubs.MASTODON_46)).hasSize(2);
        assertThat(jdbc.sql("SELECT status FROM fediverse_post").query(String.class).single()).isEqualTo("SENT");

        var revoked = FediverseStubs.wiremock().stubFor(post("/api/v1/statuses").atPriority(1)
                .withHost(equalTo(FediverseStubs.MASTODON_46)).willReturn(aResponse().withStatus(401)
                        .withBody("{\"error\":\"The access token was revoked\"}")));
        clock.advance(Duration.ofDays(1));
        named(server, "Cy");
        triggers.thankNewSupporters(server.id());
        delivery.deliverDue();
        var page = owner.get("/operator/servers/" + server.id() + "/posting");
        assertThat(page.document().select("table.posts tbody tr").get(0).select("td.status").text())
                .isEqualTo("Failed HTTP 401");
        FediverseStubs.wiremock().removeStub(revoked);
        page = owner.submit(page, "table.posts form", Map.of());
        assertThat(page.text()).contains("The post goes out again within a minute.");
        delivery.deliverDue();
        assertThat(jdbc.sql("SELECT count(*) FROM fediverse_post WHERE status = 'SENT'").query(Integer.class).single())
                .isEqualTo(2);
    }

    /** Akkoma (Pleroma's MastodonAPI StatusController) and GoToSocial take Mastodon's call. */
    @ParameterizedTest
    @ValueSource(strings = {FediverseStubs.AKKOMA, FediverseStubs.GOTOSOCIAL})
    void akkomaAndGoToSocialGetAnUnlistedStatus(String host) {
        Instance server = server(host, null);
        Browser owner = SignedInOwner.browser(port, jdbc, passwords);
        var page = owner.submit(owner.get("/operator/servers/" + server.id() + "/notices"), "form.notice-account",
                Map.of("token", FediverseStubs.token(host, "member")));
        assertThat(page.text()).contains("The notice account is connected.");
        settings(owner, server, Map.of("enabled", "true", "thanks", "true", "language", "en", "visibility", "UNLISTED"));
        named(server, "Bea");
        triggers.thankNewSupporters(server.id());
        deliver();
        List<LoggedRequest> posted = statuses(host);
        assertThat(posted).hasSize(1);
        JsonNode status = JSON.readTree(posted.get(0).getBodyAsString());
        assertThat(status.path("visibility").asString()).isEqualTo("unlisted");
        assertThat(status.path("status").asString()).startsWith("Thank you for supporting " + host + " social: Bea!");
    }

    @Test
    void misskeyGetsAHomeNote() {
        Instance server = server(FediverseStubs.MISSKEY, null);
        Browser owner = owner(server, true);
        FediverseStubs.wiremock().stubFor(post("/api/notes/create").withHost(equalTo(FediverseStubs.MISSKEY))
                .willReturn(okJson("{\"createdNote\":{\"id\":\"9notexyzab\",\"visibility\":\"home\",\"text\":\"...\"}}")));
        settings(owner, server, Map.of("enabled", "true", "thanks", "true", "language", "en", "visibility", "UNLISTED"));
        named(server, "Bea");
        triggers.thankNewSupporters(server.id());
        deliver();
        List<LoggedRequest> notes = FediverseStubs.wiremock().findAll(postRequestedFor(urlPathEqualTo("/api/notes/create")));
        assertThat(notes).hasSize(1);
        JsonNode note = JSON.readTree(notes.get(0).getBodyAsString());
        assertThat(note.path("visibility").asString()).isEqualTo("home");
        assertThat(note.path("text").asString()).startsWith("Thank you for supporting misskey.test social: Bea!");
    }

    @Test
    void theOperatorGrantsThePostingAccountThroughTheServerAskingOnlyToPostAndToKnowWhoseItIs() {
        Instance server = server(FediverseStubs.MASTODON_46, null);
        Browser owner = owner(server, false);
        String path = "/operator/servers/" + server.id() + "/posting";
        var page = owner.submit(owner.get(path), "form.posting-connect", Map.of());
        assertThat(page.path()).isEqualTo(path);
        assertThat(page.text()).contains("The account is connected: posts and direct messages come from it.",
                "Posts come from @admin, the notice account.");
        var authorize = FediverseStubs.wiremock().findAll(getRequestedFor(urlPathEqualTo("/oauth/authorize")));
        assertThat(authorize).isNotEmpty();
        assertThat(authorize.get(authorize.size() - 1).queryParameter("scope").firstValue().split(" "))
                .containsExactlyInAnyOrder("write:statuses", "profile");
        assertThat(FediverseStubs.wiremock().findAll(postRequestedFor(urlPathEqualTo("/api/v1/apps"))
                .withHost(equalTo(FediverseStubs.MASTODON_46))).get(0).getBodyAsString()).contains("scopes=profile+write%3Astatuses");
        // The owner is still the owner, not the account that was granted.
        assertThat(owner.get("/operator/servers").path()).isEqualTo("/operator/servers");

        settings(owner, server, Map.of("enabled", "true", "thanks", "true", "language", "en", "visibility", "UNLISTED"));
        named(server, "Bea");
        triggers.thankNewSupporters(server.id());
        deliver();
        List<LoggedRequest> posted = statuses(FediverseStubs.MASTODON_46);
        assertThat(posted).hasSize(1);
        assertThat(posted.get(0).getHeader("Authorization")).startsWith("Bearer "
                + FediverseStubs.token(FediverseStubs.MASTODON_46, "admin"));
    }

    @Test
    void onMisskeyThePostingAccountIsGrantedThroughMiAuthWithWriteNotes() {
        Instance server = server(FediverseStubs.MISSKEY, null);
        Browser owner = owner(server, false);
        FediverseStubs.misskeySignInAs(FediverseStubs.MISSKEY, "member");
        String path = "/operator/servers/" + server.id() + "/posting";
        var page = owner.submit(owner.get(path), "form.posting-connect", Map.of());
        assertThat(page.path()).isEqualTo(path);
        assertThat(page.text()).contains("The account is connected", "Posts come from @member");
        var asked = FediverseStubs.wiremock().findAll(getRequestedFor(urlPathMatching("/miauth/[0-9a-f-]{36}")));
        assertThat(asked.get(asked.size() - 1).queryParameter("permission").firstValue())
                .isEqualTo("write:notes,read:account");
        assertThat(jdbc.sql("SELECT token_sealed FROM notice_account").query(String.class).single())
                .as("sealed").doesNotContain(FediverseStubs.token(FediverseStubs.MISSKEY, "member"));
    }

    /** A supporter named on the server's public page under {@code name}, holding a complimentary membership. */
    private void named(Instance server, String name) {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        long id = jdbc.sql("INSERT INTO supporter (email, created_at, last_signed_in_at) VALUES (?, ?, ?) RETURNING id")
                .params(name.toLowerCase().replaceAll("[^a-z]", "") + server.id() + "@example.org", now, now)
                .query(Long.class).single();
        jdbc.sql("""
                        INSERT INTO membership (instance_id, supporter_id, state, created_at, updated_at)
                        VALUES (?, ?, 'COMPLIMENTARY', ?, ?)""").params(server.id(), id, now, now).update();
        jdbc.sql("INSERT INTO supporter_listing (instance_id, supporter_id, listing, public_name) VALUES (?, ?, 'NAME', ?)")
                .params(server.id(), id, name).update();
    }
}
