package social.upkeep.rolesync.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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
import social.upkeep.shared.Money;
import social.upkeep.support.Browser;
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
 * The cost of role sync on a large server (issue 6), not part of CI ({@code bash bench/rolesync.sh}): 10,000
 * members holding their role on a stub Mastodon, then 1 % changing (half lapse, half join) between two runs.
 * Prints each run's requests and commands against the least possible (the changes plus the pages needed to read
 * the role's holders), that a run with no change writes nothing, and how long the run of 100 changes took
 * within Mastodon's 300 requests per 5 minutes.
 */
@UpkeepTest
class RoleSyncCostBenchmark {

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
    RoleSyncStore store;

    @Autowired
    RoleSyncRuns runs;

    @Autowired
    MutableClock clock;

    @TempDir
    Path dir;

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        FediverseStubs.register(registry);
    }

    @Test
    void costOfARun() throws Exception {
        int members = Integer.getInteger("bench.members", 10_000);
        int rounds = Integer.getInteger("bench.rounds", 3);
        int others = Integer.getInteger("bench.others", 0);
        clock.set(UpkeepTest.START);
        FediverseStubs.reset();
        MastodonAdmin mastodon = FediverseStubs.mastodonAdmin();
        Path log = dir.resolve("tootctl.log");
        mastodon.commandLog(log);
        Instance server = Servers.create(instances, HOST, "EUR");
        Browser owner = SignedInOwner.browser(port, jdbc, passwords);
        owner.submit(owner.get("/operator/servers/" + server.id() + "/connection"), "form.connect", Map.of());
        Tier tier = tiers.create(server.id(), server.currency(), new TierDetails("Supporter", "", List.of(),
                Money.of(500, "EUR"), null, null, "Supporter", true));
        store.saveSettings(server.id(), true, SyncSettings.Writer.COMMAND, "sh " + TOOTCTL + " " + log
                + " {username} --role {role}", "sh " + TOOTCTL + " " + log + " {username} --remove-role", 0.2,
                clock.instant());
        store.knowRoles(server.id(), List.of("Supporter"));
        store.saveRole(server.id(), "Supporter", "7", false);
        store.approve(server.id(), "Supporter", true);
        long next = 0;
        for (; next < members; next++) {
            join(server, tier, "m" + next, mastodon, true);
        }
        // Local accounts without the role: a quiet run must not read them (Mastodon drops role_ids[] from its Link).
        for (int i = 0; i < others; i++) {
            mastodon.account("reader" + i, "");
        }
        int pages = (members + MastodonAdmin.PAGE - 1) / MastodonAdmin.PAGE;

        Run quiet = run(server, mastodon, log);
        System.out.printf("%,d members among %,d accounts, nothing changed: %d requests (%d pages of holders), %d "
                + "commands, %.2f s%n", members, members + others, quiet.requests, pages, quiet.commands, quiet.seconds);
        assertThat(quiet.requests).as("a quiet run reads the role's holders only").isEqualTo(pages);
        assertThat(quiet.commands).as("a run with no change writes nothing").isZero();

        List<Double> ratios = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        int changes = members / 100;
        for (int round = 1; round <= rounds; round++) {
            // Half of the changing 1 % lapse (their grace ended), half are new members.
            jdbc.sql("""
                    UPDATE membership SET state = 'LAPSED' WHERE id IN (SELECT id FROM membership WHERE state = 'ACTIVE'
                    ORDER BY id LIMIT ?)""").param(changes / 2).update();
            for (int i = 0; i < changes - changes / 2; i++, next++) {
                join(server, tier, "m" + next, mastodon, false);
            }
            Run changed = run(server, mastodon, log);
            double least = changes + pages;
            double ratio = (changed.requests + changed.commands) / least;
            System.out.printf("round %d: %d changes: %d requests + %d commands = %d, least possible %d changes + %d "
                            + "pages = %.0f, ratio %.2f; %.2f s, %d of Mastodon's 300 requests per 5 minutes used%n",
                    round, changes, changed.requests, changed.commands, changed.requests + changed.commands, changes,
                    pages, least, ratio, changed.seconds, changed.requests);
            assertThat(changed.commands).isEqualTo(changes);
            ratios.add(ratio);
            seconds.add(changed.seconds);
            Run after = run(server, mastodon, log);
            assertThat(after.commands).as("the next run finds nothing to do").isZero();
        }
        Collections.sort(ratios);
        Collections.sort(seconds);
        System.out.printf("median over %d rounds: ratio %.2f, run of %d changes %.2f s%n", rounds,
                ratios.get(ratios.size() / 2), changes, seconds.get(seconds.size() / 2));
    }

    record Run(int requests, int commands, double seconds) {
    }

    private Run run(Instance server, MastodonAdmin mastodon, Path log) throws Exception {
        mastodon.rateLimit(300, clock.instant().plus(Duration.ofMinutes(5)));
        FediverseStubs.wiremock().resetRequests();
        int linesBefore = Files.exists(log) ? Files.readAllLines(log).size() : 0;
        long start = System.nanoTime();
        RoleSyncRuns.Outcome outcome = runs.full(server.id(), "benchmark");
        double took = (System.nanoTime() - start) / 1e9;
        assertThat(outcome.stoppedBecause()).isNull();
        int requests = FediverseStubs.wiremock().findAll(getRequestedFor(urlPathEqualTo("/api/v2/admin/accounts")))
                .size();
        int commands = (Files.exists(log) ? Files.readAllLines(log).size() : 0) - linesBefore;
        clock.advance(Duration.ofMinutes(61));
        return new Run(requests, commands, took);
    }

    /** A member paying for the tier; {@code holding}: their account already holds the role Upkeep gave. */
    private void join(Instance server, Tier tier, String name, MastodonAdmin mastodon, boolean holding) {
        long supporter = jdbc.sql("""
                        INSERT INTO supporter (actor_uri, handle, home_host, created_at, last_signed_in_at)
                        VALUES (?, ?, ?, now(), now()) RETURNING id""")
                .params("https://" + HOST + "/users/" + name, "@" + name + "@" + HOST, HOST).query(Long.class).single();
        var paidThrough = clock.instant().plus(Duration.ofDays(400)).atOffset(ZoneOffset.UTC);
        jdbc.sql("""
                        INSERT INTO membership (instance_id, supporter_id, tier_id, frequency, amount_minor, currency,
                            state, paid_through, announced_through, stripe_subscription_id, stripe_customer_id,
                            stripe_status, current_period_end, created_at, updated_at)
                        VALUES (?, ?, ?, 'MONTH', 500, 'EUR', 'ACTIVE', ?, ?, ?, ?, 'active', ?, now(), now())""")
                .params(server.id(), supporter, tier.id(), paidThrough, paidThrough, "sub_" + name, "cus_" + name,
                        paidThrough)
                .update();
        mastodon.account(name, holding ? "Supporter" : "");
        if (holding) {
            store.granted(server.id(), name, "Supporter", Instant.now());
        }
    }
}
