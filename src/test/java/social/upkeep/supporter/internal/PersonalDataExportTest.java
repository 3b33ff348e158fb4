package social.upkeep.supporter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.upkeep.instance.Instance;
import social.upkeep.instance.InstanceDetails;
import social.upkeep.instance.Instances;
import social.upkeep.shared.PersonalData;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;
import social.upkeep.support.Browser;
import social.upkeep.support.FediverseStubs;
import social.upkeep.support.MutableClock;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.UpkeepTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * "Your data" on my support: every table that keeps something about a supporter is in the export, the
 * signed-in supporter's rows are there and nobody else's are, and nobody but they can have it.
 */
@UpkeepTest
class PersonalDataExportTest {

    static final String MY_TOKEN_HASH = "0123456789abcdef".repeat(4);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Instances instances;

    @Autowired
    Supporters supporters;

    @Autowired
    List<PersonalData> modules;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    MutableClock clock;

    Instance server;

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        FediverseStubs.register(registry);
    }

    @BeforeEach
    void setUp() {
        FediverseStubs.reset();
        server = instances.create(new InstanceDetails(FediverseStubs.MASTODON_46, "Example Social",
                Currency.getInstance("EUR"), ZoneId.of("Europe/Berlin"), LocalDate.of(2024, 1, 1), null, null), false);
    }

    /** A new table that refers to a supporter and is left out of the export fails here. */
    @Test
    void everyTableAboutSupportersIsInTheExport() {
        Set<String> exported = new TreeSet<>();
        modules.forEach(module -> exported.addAll(module.tables()));
        List<String> referringToSupporters = jdbc.sql("""
                        SELECT DISTINCT tc.table_name FROM information_schema.table_constraints tc
                        JOIN information_schema.constraint_column_usage ccu
                            ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
                        WHERE tc.constraint_type = 'FOREIGN KEY' AND ccu.table_name = 'supporter'
                        ORDER BY 1""").query(String.class).list();
        assertThat(referringToSupporters).contains("membership", "checkout", "fediverse_notice");
        assertThat(exported).containsAll(referringToSupporters)
                // kept by the supporter's address or account name, or through another table, instead of their id
                .contains("supporter", "email_signin_link", "mail_outbox", "mail_optout", "mail_optin", "role_grant",
                        "role_change", "payment", "membership_change", "complimentary_invitation");
        var person = new PersonalData.Person(1, "nobody@example.org", "@nobody@example.social", "example.social");
        modules.forEach(module -> assertThat(module.rowsAbout(person).keySet())
                .as("%s gives each table it names", module.getClass().getSimpleName())
                .containsExactlyElementsOf(module.tables()));
    }

    @Test
    void theExportHoldsTheSupportersRowsAndNobodyElses() {
        Browser member = signIn("member");
        Browser other = signIn("admin");
        Supporter mine = supporters.find("@member@mastodon46.test").orElseThrow();
        Supporter theirs = supporters.find("@admin@mastodon46.test").orElseThrow();
        keepSomethingOfEverything(mine, "member-mail@example.org", "cus_MINE", "ch_MINE", "Mine", MY_TOKEN_HASH);
        keepSomethingOfEverything(theirs, "admin-mail@example.org", "cus_THEIRS", "ch_THEIRS", "Theirs",
                "fedcba9876543210".repeat(4));

        var download = member.get("/me/data.json");
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.header("Content-Disposition")).contains("attachment", "upkeep-my-data.json");
        assertThat(download.header("Cache-Control")).contains("no-store");
        JsonNode export = JsonMapper.builder().build().readTree(download.body());
        assertThat(export.path("supporterId").asLong()).isEqualTo(mine.id());
        JsonNode tables = export.path("tables");
        for (String table : List.of("supporter", "email_signin_link", "membership", "membership_change", "checkout",
                "stripe_customer", "payment", "supporter_listing", "complimentary_invitation", "mail_outbox",
                "mail_optout", "mail_optin", "fediverse_notice", "notice_optout", "role_grant", "role_change")) {
            assertThat(tables.path(table).size()).as("rows of %s", table).isPositive();
        }
        assertThat(download.body()).contains("member-mail@example.org", "cus_MINE", "ch_MINE", "Mine: receipt",
                        "@member@mastodon46.test")
                .doesNotContain("admin-mail@example.org", "cus_THEIRS", "ch_THEIRS", "Theirs", "@admin@mastodon46.test",
                        MY_TOKEN_HASH, "token_hash");

        var page = member.get("/me/data");
        assertThat(page.text()).contains("Your data", "Payments", "ch_MINE", "Mail sent to you", "Mine: receipt")
                .doesNotContain("ch_THEIRS");
        assertThat(member.get("/me").document().select("a.my-data-download").attr("href")).isEqualTo("/me/data.json");

        // The other supporter gets their own; an operator and a stranger get nothing.
        assertThat(other.get("/me/data.json").body()).contains("ch_THEIRS").doesNotContain("ch_MINE");
        Browser owner = SignedInOwner.browser(port, jdbc, passwords);
        assertThat(owner.get("/me/data.json").status()).isEqualTo(404);
        var stranger = new Browser(port).get("/me/data.json");
        assertThat(stranger.body()).doesNotContain("ch_MINE", "ch_THEIRS");
        assertThat(stranger.path()).isNotEqualTo("/me/data.json");
    }

    private Browser signIn(String account) {
        FediverseStubs.signInAs(FediverseStubs.MASTODON_46, account);
        var browser = new Browser(port);
        var page = browser.submit(browser.get("/signin/supporter"), "form.fediverse-signin",
                Map.of("handle", "@" + account + "@mastodon46.test"));
        assertThat(page.path()).isEqualTo("/me");
        return browser;
    }

    /** One row in every table that keeps something about a supporter. */
    private void keepSomethingOfEverything(Supporter supporter, String email, String customer, String charge,
            String label, String tokenHash) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        long id = supporter.id();
        String username = supporter.handle().split("@")[1];
        jdbc.sql("UPDATE supporter SET email = ? WHERE id = ?").params(email, id).update();
        jdbc.sql("INSERT INTO email_signin_link (token_hash, email, expires_at, used_at) VALUES (?, ?, ?, ?)")
                .params(tokenHash, email, now, now).update();
        long membership = jdbc.sql("""
                        INSERT INTO membership (instance_id, supporter_id, state, paid_through, created_at, updated_at)
                        VALUES (?, ?, 'ACTIVE', ?, ?, ?) RETURNING id""")
                .params(server.id(), id, now.plusDays(30), now, now).query(Long.class).single();
        jdbc.sql("""
                        INSERT INTO membership_change (membership_id, at, from_state, to_state, paid_through, cause)
                        VALUES (?, ?, NULL, 'ACTIVE', ?, ?)""").params(membership, now, now.plusDays(30), label).update();
        jdbc.sql("""
                        INSERT INTO checkout (instance_id, supporter_id, frequency, amount_minor, currency, created_at,
                            expires_at) VALUES (?, ?, 'ONCE', 500, 'EUR', ?, ?)""").params(server.id(), id, now, now)
                .update();
        jdbc.sql("INSERT INTO stripe_customer (instance_id, customer_id, supporter_id) VALUES (?, ?, ?)")
                .params(server.id(), customer, id).update();
        jdbc.sql("""
                        INSERT INTO payment (instance_id, charge_id, customer_id, amount_minor, currency, status, paid_at)
                        VALUES (?, ?, ?, 500, 'EUR', 'SUCCEEDED', ?)""").params(server.id(), charge, customer, now)
                .update();
        jdbc.sql("INSERT INTO supporter_listing (instance_id, supporter_id, listing, public_name) VALUES (?, ?, 'NAME', ?)")
                .params(server.id(), id, label).update();
        jdbc.sql("""
                        INSERT INTO complimentary_invitation (instance_id, token_hash, invited, note, invited_by,
                            created_at, expires_at) VALUES (?, ?, ?, '', 'owner@example.social', ?, ?)""")
                .params(server.id(), tokenHash.replace('0', 'a').replace('f', 'b'), supporter.handle(), now, now)
                .update();
        jdbc.sql("""
                        INSERT INTO mail_outbox (cause_key, recipient, subject, body_text, status, created_at)
                        VALUES (?, ?, ?, 'Thanks', 'SENT', ?)""").params("receipt:" + label, email, label + ": receipt", now)
                .update();
        jdbc.sql("INSERT INTO mail_optout (email, kind, created_at) VALUES (?, 'report', ?)").params(email, now).update();
        jdbc.sql("INSERT INTO mail_optin (email, kind, created_at) VALUES (?, 'roles', ?)").params(email, now).update();
        jdbc.sql("""
                        INSERT INTO fediverse_notice (instance_id, cause_key, supporter_id, recipient, body, language,
                            status, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, 'en', 'SENT', ?, ?)""")
                .params(server.id(), "dm:" + label, id, supporter.handle(), label + ": welcome", now, now).update();
        jdbc.sql("INSERT INTO notice_optout (supporter_id, opted_out_at) VALUES (?, ?)").params(id, now).update();
        jdbc.sql("INSERT INTO role_grant (instance_id, username, role, granted_at) VALUES (?, ?, 'Supporter', ?)")
                .params(server.id(), username, now).update();
        jdbc.sql("""
                        INSERT INTO role_change (instance_id, username, action, role, status, cause, created_at,
                            updated_at) VALUES (?, ?, 'GRANT', 'Supporter', 'APPLIED', ?, ?, ?)""")
                .params(server.id(), username, label, now, now).update();
    }
}
