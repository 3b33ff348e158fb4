package social.upkeep.rolesync.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.membership.ChargeTrouble;
import social.upkeep.membership.Membership;
import social.upkeep.membership.Memberships;
import social.upkeep.membership.SubscriptionFacts;
import social.upkeep.rolesync.MemberRoles;
import social.upkeep.shared.Money;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;
import social.upkeep.support.Browser;
import social.upkeep.support.Eventually;
import social.upkeep.support.FediverseStubs;
import social.upkeep.support.MastodonAdmin;
import social.upkeep.support.MutableClock;
import social.upkeep.support.Servers;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.UpkeepTest;
import social.upkeep.tier.Tier;
import social.upkeep.tier.TierDetails;
import social.upkeep.tier.Tiers;

/**
 * Role sync against a stub Mastodon: its admin accounts API answers from accounts whose roles change when the
 * test's {@code tootctl} (a script) is run by the owner's configured command.
 */
@UpkeepTest
class MastodonRoleSyncTest {

    static final String TOOTCTL = Path.of("src/test/resources/rolesync/tootctl.sh").toAbsolutePath().toString();
    static final String HOST = FediverseStubs.MASTODON_46;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    Instances instances;

    @Autowired
    Tiers tiers;

    @Autowired
    Supporters supporters;

    @Autowired
    Memberships memberships;

    @Autowired
    RoleSyncStore store;

    @Autowired
    RoleSyncRuns runs;

    @Autowired
    MemberRoles memberRoles;

    @Autowired
    MutableClock clock;

    @TempDir
    Path dir;

    Browser owner;
    Instance server;
    Tier supporterTier;
    MastodonAdmin mastodon;

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        FediverseStubs.register(registry);
    }

    @BeforeEach
    void setUp() {
        clock.set(UpkeepTest.START);
        FediverseStubs.reset();
        mastodon = FediverseStubs.mastodonAdmin();
        mastodon.commandLog(dir.resolve("tootctl.log"));
        server = Servers.create(instances, HOST, "EUR");
        owner = SignedInOwner.browser(port, jdbc, passwords);
        var page = owner.submit(owner.get("/operator/servers/" + server.id() + "/connection"), "form.connect", Map.of());
        assertThat(page.text()).contains("The server is connected.");
        supporterTier = tiers.create(server.id(), server.currency(), new TierDetails("Supporter", "", List.of(),
                Money.of(500, "EUR"), null, null, "Supporter", true));
        mastodon.account("admin", "Owner");
    }

    /** Role sync runs after membership events on other threads: none may outlive its test (ids are reused). */
    @AfterEach
    void letListenersFinish() {
        Eventually.listenersDone(jdbc);
    }

    private void commandWriter() {
        var page = owner.submit(owner.get("/operator/servers/" + server.id() + "/roles"), "form.rolesync-settings",
                Map.of("enabled", "true", "writer", "COMMAND", "sharePercent", "20",
                        "grantCommand", "sh " + TOOTCTL + " " + dir.resolve("tootctl.log") + " {username} --role {role}",
                        "removeCommand", "sh " + TOOTCTL + " " + dir.resolve("tootctl.log") + " {username} --remove-role"));
        assertThat(page.text()).contains("Role sync settings saved.");
        approve("Supporter");
    }

    /** The owner lets a role name reach the command. */
    private void approve(String role) {
        store.knowRoles(server.id(), List.of(role));
        var page = owner.get("/operator/servers/" + server.id() + "/roles");
        var form = page.document().select("form.managed-role").stream()
                .filter(it -> it.selectFirst("input[name=name]").attr("value").equals(role)).findFirst().orElseThrow();
        page = owner.post(form.attr("action"), Map.of("_csrf", csrf(page), "name", role, "approved", "true"));
        assertThat(page.text()).contains("Approved for the command");
        assertThat(store.roles(server.id())).anySatisfy(row -> assertThat(row.approved()).isTrue());
    }

    /** What the command was asked to do: one line per run, its arguments tab-separated. */
    private String commandLog() throws Exception {
        Path log = dir.resolve("tootctl.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private Supporter member(String name) {
        mastodon.account(name, "");
        return supporters.signedInWithFediverse(HOST, "@" + name + "@" + HOST,
                "https://" + HOST + "/users/" + name, "@" + name + "@" + HOST);
    }

    private Membership pays(Supporter who, boolean cancelling, int paidDays) {
        String id = "sub_" + who.id();
        memberships.recordSubscription(server.id(), new SubscriptionFacts(id, "cus_" + who.id(), who.id(),
                supporterTier.id(), "MONTH", Money.of(500, "EUR"), "active", cancelling, null,
                clock.instant().plus(Duration.ofDays(paidDays)), ChargeTrouble.NONE), "test");
        return memberships.recordPaidPeriod(server.id(), id, clock.instant().plus(Duration.ofDays(paidDays)), "test")
                .orElseThrow();
    }


    private static String csrf(Browser.Page page) {
        return page.document().selectFirst("input[name=_csrf]").attr("value");
    }

    private List<RoleChange> trail() {
        return store.recent(server.id(), 100);
    }

    /** Requests that read accounts: the role's holders, or one account looked up exactly (two requests). */
    private int adminReads() {
        return FediverseStubs.wiremock().findAll(getRequestedFor(urlPathMatching(
                "/api/v2/admin/accounts|/api/v1/accounts/lookup|/api/v1/admin/accounts/[0-9]+"))).size();
    }

    @Test
    void beforeTheFirstRunThePageListsTheRolesTiersNameAndSaysNothingRunsWhileSyncIsOff() {
        var page = owner.get("/operator/servers/" + server.id() + "/roles").document();
        assertThat(page.select("form.managed-role strong").eachText()).containsExactly("Supporter");
        assertThat(page.text()).doesNotContain("No tier names a role");
        assertThat(page.select("dd.next-run").text()).isEqualTo("None: role sync is off. Switch it on below to give "
                + "and take roles.");
    }

    @Test
    void aMemberGetsTheRoleWhenActivatedAndLosesItWhenTheGracePeriodEnds() {
        commandWriter();
        Supporter alice = member("alice");
        jdbc.sql("UPDATE supporter SET email = 'alice@example.org' WHERE id = ?").param(alice.id()).update();

        Membership membership = pays(alice, false, 30);

        Eventually.until("alice holds Supporter", () -> "Supporter".equals(mastodon.role("alice")));
        Eventually.until("the grant is recorded", () -> trail().stream().anyMatch(c -> c.status() == RoleChange.Status.APPLIED));
        RoleChange grant = trail().get(0);
        assertThat(grant.action()).isEqualTo("GRANT");
        assertThat(grant.membershipId()).isEqualTo(membership.id());
        assertThat(grant.cause()).isEqualTo("membership activated");
        assertThat(grant.appliedBy()).isEqualTo("command");
        assertThat(grant.answer()).isEqualTo("OK");
        assertThat(memberRoles.of(server.id(), alice.id(), "Supporter").state()).isEqualTo(MemberRoles.MemberRole.State.HOLDS);

        // The renewal fails; the grace period (14 days) keeps the role.
        clock.advance(Duration.ofDays(31));
        memberships.recordSubscription(server.id(), new SubscriptionFacts("sub_" + alice.id(), "cus_" + alice.id(),
                alice.id(), supporterTier.id(), "MONTH", Money.of(500, "EUR"), "past_due", false, null,
                clock.instant().plus(Duration.ofDays(29)), ChargeTrouble.NONE), "test");
        Eventually.listenersDone(jdbc); // the past-due run must not be overtaken by the clock moving on
        runs.due();
        assertThat(mastodon.role("alice")).isEqualTo("Supporter");

        clock.advance(Duration.ofDays(14));
        memberships.reviewClock();
        Eventually.until("alice lost Supporter", () -> "".equals(mastodon.role("alice")));
        Eventually.until("the removal is recorded", () -> trail().get(0).action().equals("REMOVE")
                && trail().get(0).status() == RoleChange.Status.APPLIED);
        assertThat(trail().get(0).cause()).isEqualTo("membership lapsed");
        assertThat(trail().get(0).membershipId()).isEqualTo(membership.id());

        // Alice heard of both, by mail.
        assertThat(jdbc.sql("SELECT subject FROM mail_outbox WHERE recipient = 'alice@example.org' AND cause_key LIKE 'role:%' ORDER BY id")
                .query(String.class).list()).containsExactly(
                "You now hold the role \"Supporter\" on mastodon46.test social",
                "The role \"Supporter\" on mastodon46.test social has ended");
        runs.full(server.id(), "operator");
        assertThat(owner.get("/operator").document().select("a.role-sync-status").text())
                .isEqualTo("Roles in step (last run 11 Jan, 13:00 CET)");
        var page = owner.get("/operator/servers/" + server.id() + "/roles");
        assertThat(page.document().select("table.audit tbody tr")).hasSize(2);
        assertThat(page.document().select("table.audit").text()).contains("@alice", "Give \"Supporter\"",
                "Take away \"Supporter\"", "membership lapsed (membership " + membership.id() + ")", "command");
    }

    @Test
    void aCancelledMemberKeepsTheRoleToTheEndOfThePaidPeriodAndAComplimentaryMemberGetsIt() {
        commandWriter();
        Supporter bob = member("bob");
        Supporter gift = member("gift");

        pays(bob, true, 10);
        memberships.grantComplimentary(server.id(), gift.id(), supporterTier.id(), null, "", "owner");
        Eventually.until("both hold Supporter", () -> "Supporter".equals(mastodon.role("bob"))
                && "Supporter".equals(mastodon.role("gift")));

        clock.advance(Duration.ofDays(9));
        memberships.reviewClock();
        runs.full(server.id(), "test");
        assertThat(mastodon.role("bob")).isEqualTo("Supporter");

        clock.advance(Duration.ofDays(2));
        memberships.reviewClock();
        Eventually.until("bob lost Supporter", () -> "".equals(mastodon.role("bob")));
        assertThat(mastodon.role("gift")).isEqualTo("Supporter");
    }

    @Test
    void aModeratorWhoPaysKeepsTheModeratorRoleAndTheCaseIsShown() {
        commandWriter();
        Supporter moderator = member("mod");
        mastodon.account("mod", "Moderator");

        pays(moderator, false, 30);

        Eventually.until("the moderator is kept", () -> trail().stream().anyMatch(c -> c.status() == RoleChange.Status.KEPT));
        assertThat(mastodon.role("mod")).isEqualTo("Moderator");
        assertThat(trail()).noneMatch(c -> c.action().equals("GRANT"));
        assertThat(memberRoles.of(server.id(), moderator.id(), "Supporter"))
                .isEqualTo(new MemberRoles.MemberRole(MemberRoles.MemberRole.State.KEPT, "Supporter", "Moderator"));
        assertThat(owner.get("/operator/servers/" + server.id() + "/roles").document().select("ul.kept").text())
                .isEqualTo("@mod holds \"Moderator\", which Upkeep does not manage, and keeps it instead of \"Supporter\".");
        assertThat(dir.resolve("tootctl.log")).as("no command ran for the moderator").doesNotExist();
    }

    @Test
    void theScheduledRunPutsDriftBackInLineAndLeavesOtherRolesAlone() {
        commandWriter();
        Supporter alice = member("alice");
        pays(alice, false, 30);
        Eventually.until("alice holds Supporter", () -> "Supporter".equals(mastodon.role("alice")));
        // By hand on the server: alice's role taken away, Supporter given to carol (not a member), and dave
        // holds an Artist role Upkeep does not manage.
        mastodon.account("alice", "");
        mastodon.account("carol", "Supporter");
        mastodon.account("dave", "Artist");

        clock.advance(Duration.ofMinutes(61));
        runs.due();

        assertThat(mastodon.role("alice")).isEqualTo("Supporter");
        assertThat(mastodon.role("carol")).as("not given by Upkeep, not entirely managed").isEqualTo("Supporter");
        assertThat(mastodon.role("dave")).isEqualTo("Artist");
        runs.full(server.id(), "operator");
        assertThat(store.roles(server.id())).singleElement()
                .satisfies(role -> assertThat(role.remoteId()).as("learned from alice's account").isEqualTo("7"));

        // The operator lets Upkeep manage the role entirely: carol's hand-given role goes at the next run.
        owner.submit(owner.get("/operator/servers/" + server.id() + "/roles"), "form.managed-role",
                Map.of("remoteId", "7", "entirelyManaged", "true", "approved", "true"));
        runs.due();
        assertThat(mastodon.role("carol")).isEqualTo("");
        assertThat(mastodon.role("alice")).isEqualTo("Supporter");
        assertThat(mastodon.role("admin")).isEqualTo("Owner");
    }

    @Test
    void aFullRunReadsOnlyTheRolesHoldersAndWritesNothingWhenNothingChanged() {
        commandWriter();
        for (int i = 0; i < 5; i++) {
            pays(member("member" + i), false, 30);
        }
        Eventually.until("all hold Supporter", () -> trail().stream().filter(c -> c.status() == RoleChange.Status.APPLIED)
                .count() == 5);
        runs.full(server.id(), "learn");
        FediverseStubs.wiremock().resetRequests();

        RoleSyncRuns.Outcome outcome = runs.full(server.id(), "test");

        assertThat(outcome.requests()).isEqualTo(1);
        assertThat(outcome.applied()).isZero();
        assertThat(adminReads()).isEqualTo(1);
        assertThat(FediverseStubs.wiremock().findAll(getRequestedFor(urlPathEqualTo("/api/v2/admin/accounts")))
                .get(0).queryParameter("role_ids[]").values()).containsExactly("7");
    }

    @Test
    void aRateLimitedServerIsNotAskedAgainBeforeItsResetTime() {
        commandWriter();
        Instant reset = UpkeepTest.START.plus(Duration.ofMinutes(5));
        mastodon.limitedUntil(reset);
        pays(member("alice"), false, 30);
        Eventually.until("the run paused", () -> store.settings(server.id()).pausedUntil() != null);
        assertThat(store.settings(server.id()).pausedUntil()).isEqualTo(reset);
        int asked = adminReads();
        assertThat(asked).isEqualTo(1);

        clock.advance(Duration.ofMinutes(2));
        runs.due();
        runs.full(server.id(), "operator");
        assertThat(adminReads()).isEqualTo(asked);
        assertThat(owner.get("/operator/servers/" + server.id() + "/roles").document().select("dd.paused").text())
                .isEqualTo("27 November 2026, 13:05:00 CET");

        mastodon.limitedUntil(null);
        clock.set(reset);
        runs.due();
        assertThat(mastodon.role("alice")).isEqualTo("Supporter");
        assertThat(store.settings(server.id()).pausedUntil()).isNull();
    }

    @Test
    void withNoRequestsRemainingTheRunPausesInsteadOfHammering() {
        commandWriter();
        store.knowRoles(server.id(), List.of("Supporter"));
        store.saveRole(server.id(), "Supporter", "7", false);
        for (int i = 0; i < 250; i++) {
            mastodon.account("holder" + i, "Supporter");
        }
        Instant reset = UpkeepTest.START.plus(Duration.ofMinutes(5));
        mastodon.rateLimit(1, reset);

        RoleSyncRuns.Outcome outcome = runs.full(server.id(), "test");

        assertThat(outcome.stoppedBecause()).contains("paused");
        assertThat(adminReads()).as("the first page said none remain: the second waits").isEqualTo(1);
        clock.set(reset);
        mastodon.rateLimit(300, reset.plus(Duration.ofMinutes(5)));
        assertThat(runs.full(server.id(), "test").stoppedBecause()).isNull();
        assertThat(adminReads()).isEqualTo(3);
        assertThat(store.roles(server.id()).get(0).holders()).isEqualTo(250);
    }

    @Test
    void pastTheFirstPageOfHoldersTheRoleFilterIsKept() {
        commandWriter();
        store.knowRoles(server.id(), List.of("Supporter"));
        store.saveRole(server.id(), "Supporter", "7", false);
        for (int i = 0; i < 250; i++) {
            mastodon.account("holder" + i, "Supporter");
        }
        for (int i = 0; i < 300; i++) {
            mastodon.account("reader" + i, "");
        }

        RoleSyncRuns.Outcome outcome = runs.full(server.id(), "test");

        // Two pages of holders, each filtered by the role: not the 550 local accounts.
        assertThat(outcome.stoppedBecause()).isNull();
        var reads = FediverseStubs.wiremock().findAll(getRequestedFor(urlPathEqualTo("/api/v2/admin/accounts")));
        assertThat(reads).hasSize(2).allSatisfy(read -> assertThat(read.queryParameter("role_ids[]").values())
                .containsExactly("7"));
        assertThat(store.roles(server.id()).get(0).holders()).isEqualTo(250);
    }

    @Test
    void anAccountIsFoundByItsExactNameWhateverItsPrefixMatches() {
        commandWriter();
        // Mastodon's username filter would match these first: a prefix, with "_" for any character.
        Supporter underscore = member("al_ce");
        for (int i = 0; i < 250; i++) {
            mastodon.account("alice" + i, "");
        }

        pays(underscore, false, 30);

        Eventually.until("al_ce holds the role", () -> "Supporter".equals(mastodon.role("al_ce")));
        assertThat(mastodon.role("alice0")).isEqualTo("");
    }

    @Test
    void serverErrorsAndTimeoutsAreRetriedAndAChangeThatKeepsFailingIsShown() {
        commandWriter();
        member("alice");
        mastodon.fail(1, 503);
        pays(supporters.find("@alice@" + HOST).orElseThrow(), false, 30);
        Eventually.until("the failed run is recorded", () -> store.settings(server.id()).lastError() != null);
        assertThat(store.settings(server.id()).lastError()).startsWith("HTTP 503");

        mastodon.delay(1);
        clock.advance(Duration.ofMinutes(3));
        runs.due();
        assertThat(store.settings(server.id()).lastError()).isEqualTo("outbound.failure.timeout");
        assertThat(owner.get("/operator/servers/" + server.id() + "/roles").document().select("dd.last-error").text())
                .isEqualTo("The server did not answer in time.");

        clock.advance(Duration.ofMinutes(10));
        runs.due();
        assertThat(mastodon.role("alice")).isEqualTo("Supporter");
        assertThat(store.settings(server.id()).lastError()).isNull();

        // A command that keeps failing: retried with backoff, then shown with its answer.
        Supporter broken = member("broken_user");
        pays(broken, false, 30);
        Eventually.until("the first attempt failed", () -> trail().stream().anyMatch(c -> c.username().equals("broken_user")
                && c.attempts() == 1));
        for (int attempt = 2; attempt <= RoleSyncRuns.MAX_ATTEMPTS; attempt++) {
            runs.due();
            RoleChange change = trail().stream().filter(c -> c.username().equals("broken_user")).findFirst().orElseThrow();
            assertThat(change.attempts()).as("not retried before its time").isEqualTo(attempt - 1);
            clock.set(change.nextAttemptAt());
            runs.due();
        }
        RoleChange failed = trail().stream().filter(c -> c.username().equals("broken_user")).findFirst().orElseThrow();
        assertThat(failed.status()).isEqualTo(RoleChange.Status.FAILED);
        assertThat(failed.attempts()).isEqualTo(RoleSyncRuns.MAX_ATTEMPTS);
        var page = owner.get("/operator/servers/" + server.id() + "/roles");
        assertThat(page.document().select("table.failed").text())
                .contains("@broken_user", "Exit code 1: Failed to connect to the database");
        assertThat(owner.get("/operator").document().select("a.role-sync-waiting").text())
                .isEqualTo("1 role changes wait for you");

        page = owner.submit(page, "form.retry", Map.of());
        assertThat(page.text()).contains("Trying again.");
        assertThat(trail().stream().filter(c -> c.username().equals("broken_user")).findFirst().orElseThrow()
                .attempts()).isEqualTo(1);
    }

    @Test
    void theSafetyValveHoldsAMassRemovalUntilTheOperatorConfirms() {
        commandWriter();
        for (int i = 0; i < 10; i++) {
            pays(member("fan" + i), false, 30);
        }
        Eventually.until("all hold Supporter", () -> trail().stream().filter(c -> c.status() == RoleChange.Status.APPLIED)
                .count() == 10);
        runs.full(server.id(), "count the holders");

        // Every membership lapses at once (a payment outage, say).
        clock.advance(Duration.ofDays(45));
        memberships.reviewClock();
        Eventually.listenersDone(jdbc);
        runs.full(server.id(), "test");

        assertThat(trail().stream().filter(c -> c.status() == RoleChange.Status.HELD)).hasSizeGreaterThanOrEqualTo(8);
        long holding = List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9).stream()
                .filter(i -> "Supporter".equals(mastodon.role("fan" + i))).count();
        assertThat(holding).as("at most the share (and one by one, one) removed").isGreaterThanOrEqualTo(8);

        var page = owner.get("/operator/servers/" + server.id() + "/roles");
        assertThat(page.document().select("table.held tbody tr")).hasSizeGreaterThanOrEqualTo(8);
        // Without the tick nothing happens.
        page = owner.post(page.document().select("form.confirm").first().attr("action"), Map.of("_csrf", csrf(page)));
        assertThat(page.text()).contains("Tick the box to confirm the removal.");
        while (!owner.get("/operator/servers/" + server.id() + "/roles").document().select("form.confirm").isEmpty()) {
            page = owner.get("/operator/servers/" + server.id() + "/roles");
            page = owner.submit(page, "form.confirm", Map.of("confirm", "true"));
            assertThat(page.text()).contains("Removal confirmed.");
        }
        for (int i = 0; i < 10; i++) {
            assertThat(mastodon.role("fan" + i)).isEqualTo("");
        }
    }

    @Test
    void aRoleNameTheOwnerHasNotApprovedNeverReachesTheCommand() throws Exception {
        var settings = owner.submit(owner.get("/operator/servers/" + server.id() + "/roles"), "form.rolesync-settings",
                Map.of("enabled", "true", "writer", "COMMAND", "sharePercent", "20",
                        "grantCommand", "sh " + TOOTCTL + " " + dir.resolve("tootctl.log") + " {username} --role {role}"));
        assertThat(settings.text()).contains("Role sync settings saved.");
        pays(member("alice"), false, 30);
        Eventually.until("the change waits", () -> trail().stream().anyMatch(c -> c.status() == RoleChange.Status.MANUAL));
        assertThat(commandLog()).isEmpty();
        assertThat(owner.get("/operator/servers/" + server.id() + "/roles").text())
                .contains("RAILS_ENV=production bin/tootctl accounts modify alice --role 'Supporter'");

        // An operator of the server cannot approve it: only the owner, whose machine runs the command.
        var operator = new Browser(port);
        operator.submit(operator.get("/signin"), "form.operator-signin", Map.of("host", HOST));
        var theirs = operator.get("/operator/servers/" + server.id() + "/roles");
        assertThat(theirs.document().select("form.managed-role input[name=approved]")).isEmpty();
        assertThat(theirs.text()).contains("Not approved for the command yet");
        operator.post("/operator/servers/" + server.id() + "/roles/role", Map.of("_csrf", csrf(theirs),
                "name", "Supporter", "approved", "true"));
        assertThat(store.roles(server.id())).singleElement().satisfies(role -> assertThat(role.approved()).isFalse());

        approve("Supporter");
        pays(member("bo"), false, 30);
        Eventually.until("bo holds the role", () -> "Supporter".equals(mastodon.role("bo")));
        assertThat(commandLog()).contains("bo\t--role\tSupporter").doesNotContain("alice");
    }

    @Test
    void aRoleTheServerShowsWithStaffRightsIsNeitherGivenNorTaken() throws Exception {
        // A tier from before staff names were refused, and a role whose name hides its rights.
        tiers.create(server.id(), server.currency(), new TierDetails("Team", "", List.of(), Money.of(900, "EUR"),
                null, null, "Helpers", true));
        commandWriter();
        approve("Helpers");
        // The operator gave the role's id (Mastodon lists no roles, so its rights show on the accounts holding it).
        store.saveRole(server.id(), "Helpers", String.valueOf(MastodonAdmin.ROLE_IDS.get("Helpers")), false);
        mastodon.account("helper", "Helpers");
        runs.full(server.id(), "learn who holds the roles");
        assertThat(store.roles(server.id())).filteredOn(role -> role.name().equals("Helpers"))
                .singleElement().satisfies(role -> assertThat(role.staff()).isTrue());

        Supporter alice = member("alice");
        memberships.recordSubscription(server.id(), new SubscriptionFacts("sub_team", "cus_team", alice.id(),
                tiers.all(server.id()).stream().filter(t -> t.name().equals("Team")).findFirst().orElseThrow().id(),
                "MONTH", Money.of(900, "EUR"), "active", false, null, clock.instant().plus(Duration.ofDays(30)),
                ChargeTrouble.NONE), "test");
        Eventually.listenersDone(jdbc);
        runs.full(server.id(), "test");

        assertThat(mastodon.role("alice")).isEqualTo("");
        assertThat(mastodon.role("helper")).isEqualTo("Helpers");
        assertThat(commandLog()).doesNotContain("Helpers");
        assertThat(owner.get("/operator/servers/" + server.id() + "/roles").text())
                .contains("A staff role: Upkeep neither gives nor takes it");
    }

    @Test
    void operatorsSeeTheCommandsOutputOnlyWhenTheOwnerSharesIt() {
        commandWriter();
        Supporter broken = member("broken_user");
        pays(broken, false, 30);
        Eventually.until("the first attempt failed", () -> trail().stream()
                .anyMatch(c -> c.username().equals("broken_user") && c.attempts() == 1));
        var operator = new Browser(port);
        operator.submit(operator.get("/signin"), "form.operator-signin", Map.of("host", HOST));

        String page = operator.get("/operator/servers/" + server.id() + "/roles").text();
        assertThat(page).contains("the owner keeps its output private").doesNotContain("Failed to connect");
        assertThat(owner.get("/operator/servers/" + server.id() + "/roles").text()).contains("Failed to connect");

        var settings = owner.submit(owner.get("/operator/servers/" + server.id() + "/roles"), "form.rolesync-settings",
                Map.of("enabled", "true", "writer", "COMMAND", "sharePercent", "20", "showOutput", "true",
                        "grantCommand", store.settings(server.id()).grantCommand(),
                        "removeCommand", store.settings(server.id()).removeCommand()));
        assertThat(settings.text()).contains("Role sync settings saved.");
        assertThat(operator.get("/operator/servers/" + server.id() + "/roles").text()).contains("Failed to connect");
    }

    @Test
    void theManualQueueShowsTheCommandAndTheNextReadConfirmsIt() {
        var settings = owner.submit(owner.get("/operator/servers/" + server.id() + "/roles"), "form.rolesync-settings",
                Map.of("enabled", "true", "writer", "MANUAL", "sharePercent", "20"));
        assertThat(settings.text()).contains("Role sync settings saved.");
        Supporter alice = member("alice");
        pays(alice, false, 30);
        Eventually.until("the change waits", () -> trail().stream().anyMatch(c -> c.status() == RoleChange.Status.MANUAL));

        assertThat(jdbc.sql("SELECT recipient || ' ' || subject FROM mail_outbox WHERE cause_key LIKE 'roles-waiting:%'")
                .query(String.class).list())
                .containsExactly("owner@example.social mastodon46.test social: role changes wait for you");
        var page = owner.get("/operator/servers/" + server.id() + "/roles");
        assertThat(page.document().select("table.manual code").text())
                .isEqualTo("RAILS_ENV=production bin/tootctl accounts modify alice --role 'Supporter'");
        assertThat(memberRoles.of(server.id(), alice.id(), "Supporter").state())
                .isEqualTo(MemberRoles.MemberRole.State.PENDING);

        // "Done" before it is done: the read does not confirm it, and it waits again.
        page = owner.submit(page, "form.done", Map.of());
        assertThat(page.text()).contains("Marked done.");
        assertThat(trail().get(0).status()).isEqualTo(RoleChange.Status.MANUAL);
        assertThat(trail().get(0).answer()).isEqualTo("The server does not show it yet");

        mastodon.account("alice", "Supporter");
        owner.submit(owner.get("/operator/servers/" + server.id() + "/roles"), "form.done", Map.of());
        assertThat(trail().get(0).status()).isEqualTo(RoleChange.Status.APPLIED);
        assertThat(trail().get(0).appliedBy()).isEqualTo("operator, confirmed by the server");
        assertThat(memberRoles.of(server.id(), alice.id(), "Supporter").state())
                .isEqualTo(MemberRoles.MemberRole.State.HOLDS);
    }

    private Browser supporterSignIn(String account) {
        FediverseStubs.signInAs(HOST, account);
        var browser = new Browser(port);
        var page = browser.submit(browser.get("/signin/supporter"), "form.fediverse-signin",
                Map.of("handle", "@" + account + "@" + HOST));
        assertThat(page.path()).isEqualTo("/me");
        return browser;
    }

    @Test
    void membersSeeTheirRoleOnTheServerOrWhyNot() {
        owner.submit(owner.get("/operator/servers/" + server.id() + "/roles"), "form.rolesync-settings",
                Map.of("enabled", "true", "writer", "MANUAL", "sharePercent", "20"));
        mastodon.account("member", "");
        mastodon.account("moderator", "Moderator");
        Browser member = supporterSignIn("member");
        Browser moderator = supporterSignIn("moderator");
        pays(supporters.find("@member@" + HOST).orElseThrow(), false, 30);
        pays(supporters.find("@moderator@" + HOST).orElseThrow(), false, 30);
        Eventually.until("both are planned", () -> trail().size() == 2);

        assertThat(member.get("/me").document().select("td.entitlement .server-role").text())
                .isEqualTo("Your role \"Supporter\" is on its way.");
        assertThat(moderator.get("/me").document().select("td.entitlement .server-role").text())
                .isEqualTo("You keep your role \"Moderator\"; the supporter role would replace it.");

        mastodon.account("member", "Supporter");
        owner.submit(owner.get("/operator/servers/" + server.id() + "/roles"), "form.done", Map.of());
        assertThat(member.get("/me").document().select("td.entitlement .server-role").text())
                .isEqualTo("You hold the role \"Supporter\".");
    }

    @Test
    void settingsRefuseWhatCannotWorkAndOnlyTheOwnerSetsTheCommand() {
        var page = owner.get("/operator/servers/" + server.id() + "/roles");
        for (var bad : List.of(Map.of("enabled", "true", "writer", "API", "sharePercent", "20"),
                Map.of("enabled", "true", "writer", "MANUAL", "sharePercent", "0"),
                Map.of("enabled", "true", "writer", "MANUAL", "sharePercent", "500"),
                Map.of("enabled", "true", "writer", "MANUAL", "sharePercent", "ten"),
                Map.of("enabled", "true", "writer", "COMMAND", "sharePercent", "20", "grantCommand", ""),
                Map.of("enabled", "true", "writer", "COMMAND", "sharePercent", "20", "grantCommand", "tootctl modify alice"))) {
            var answer = owner.submit(page, "form.rolesync-settings", bad);
            assertThat(answer.document().select(".notice.bad").text()).as(bad.toString()).isNotEmpty();
            assertThat(store.settings(server.id()).enabled()).isFalse();
        }
        commandWriter();

        // An admin of the server signs in as its operator: the command is not theirs to set.
        var operator = new Browser(port);
        operator.submit(operator.get("/signin"), "form.operator-signin", Map.of("host", HOST));
        var theirs = operator.get("/operator/servers/" + server.id() + "/roles");
        assertThat(theirs.document().select("#grantCommand")).isEmpty();
        operator.post("/operator/servers/" + server.id() + "/roles/settings", Map.of("_csrf", csrf(theirs),
                "enabled", "true", "writer", "COMMAND", "sharePercent", "30", "grantCommand", "rm -rf / {username}"));
        assertThat(store.settings(server.id()).grantCommand()).startsWith("sh " + TOOTCTL);
        assertThat(store.settings(server.id()).safetyShare()).isEqualTo(0.3);

        // Someone else's change id is not found.
        Instance other = Servers.create(instances, "other.example", "EUR");
        long theirChange = store.plan(other.id(), "x", "GRANT", "Supporter", null, RoleChange.Status.MANUAL, null,
                "test", clock.instant());
        assertThat(owner.post("/operator/servers/" + server.id() + "/roles/changes/" + theirChange + "/done",
                Map.of("_csrf", csrf(page))).status()).isEqualTo(404);
        assertThat(store.change(other.id(), theirChange).orElseThrow().status()).isEqualTo(RoleChange.Status.MANUAL);
    }
}
