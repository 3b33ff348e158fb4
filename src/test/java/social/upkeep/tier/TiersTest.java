package social.upkeep.tier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.shared.Money;
import social.upkeep.support.Browser;
import social.upkeep.support.Servers;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.UpkeepTest;

/** Operators define tiers and donation options; careless and hostile input is refused and loses nothing. */
@UpkeepTest
class TiersTest {

    static final String XSS = "<script>alert(1)</script>";

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

    Instance server;
    Browser owner;

    @BeforeEach
    void setUp() {
        server = Servers.create(instances, "example.social", "EUR");
        owner = SignedInOwner.browser(port, jdbc, passwords);
    }

    private Browser.Page submitTier(Map<String, String> overrides) {
        Map<String, String> fields = new HashMap<>(Map.of("name", "Supporter", "description", "Keeps the lights on",
                "perks", "A badge\nOur thanks", "monthly", "5", "yearly", "50", "capacity", "", "serverRole",
                "Supporter", "visible", "true"));
        fields.putAll(overrides);
        return owner.submit(owner.get("/operator/servers/" + server.id() + "/tiers/new"), "main form", fields);
    }

    @Test
    void anOperatorAddsATierWithPricesPerksAndARole() {
        var page = submitTier(Map.of("monthly", "4,50", "capacity", "100"));
        assertThat(page.text()).contains("The tier is added.", "Supporter", "€4.50", "€50.00", "100", "offered");
        Tier tier = tiers.all(server.id()).get(0);
        assertThat(tier.monthly()).isEqualTo(Money.of(450, "EUR"));
        assertThat(tier.perks()).containsExactly("A badge", "Our thanks");
        assertThat(tier.serverRole()).isEqualTo("Supporter");
    }

    @Test
    void refusesMissingAbsurdAndHostileInputKeepingWhatWasTyped() {
        assertThat(submitTier(Map.of("name", "")).text()).contains("Give the tier a name.");
        assertThat(submitTier(Map.of("monthly", "", "yearly", "")).text()).contains("Give a monthly or a yearly price.");
        assertThat(submitTier(Map.of("monthly", "-5")).text()).contains("Enter an amount greater than zero.");
        assertThat(submitTier(Map.of("monthly", "1000000")).text()).contains("larger than any tier should be");
        assertThat(submitTier(Map.of("monthly", "5.555")).text()).contains("at most 2 decimal places");
        assertThat(submitTier(Map.of("capacity", "0")).text()).contains("Places must be a whole number");
        assertThat(submitTier(Map.of("serverRole", "Admin; rm -rf /")).text()).contains("A role name has letters");
        for (String staff : List.of("Admin", "owner", " Moderator ")) {
            assertThat(submitTier(Map.of("serverRole", staff)).text()).as(staff).contains("That is a staff role");
        }
        var kept = submitTier(Map.of("name", "", "description", "kept text"));
        assertThat(kept.document().selectFirst("#description").text()).isEqualTo("kept text");
        assertThat(tiers.all(server.id())).isEmpty();

        var hostile = submitTier(Map.of("name", XSS, "perks", XSS));
        assertThat(hostile.body()).doesNotContain(XSS).contains("&lt;script&gt;");
    }

    @Test
    void aTierIsArchivedAndRestoredAndDeletedOnlyAfterConfirming() {
        submitTier(Map.of());
        Tier tier = tiers.all(server.id()).get(0);
        var list = owner.get("/operator/servers/" + server.id() + "/tiers");
        var archived = owner.submit(list, "form.tier-archive", Map.of());
        assertThat(archived.text()).contains("The tier is archived", "archived");
        assertThat(tiers.get(server.id(), tier.id()).open()).isFalse();
        var restored = owner.submit(archived, "form.tier-archive", Map.of());
        assertThat(restored.text()).contains("The tier is restored", "offered");

        var confirm = owner.get("/operator/servers/" + server.id() + "/tiers/" + tier.id() + "/delete");
        assertThat(owner.submit(confirm, "form.tier-delete", Map.of()).text()).contains("Tick the box");
        assertThat(tiers.all(server.id())).hasSize(1);
        assertThat(owner.submit(confirm, "form.tier-delete", Map.of("confirm", "yes")).text())
                .contains("The tier is deleted.");
        assertThat(tiers.all(server.id())).isEmpty();
    }

    @Test
    void anotherServersTierIsNotFound() {
        submitTier(Map.of());
        Tier tier = tiers.all(server.id()).get(0);
        Instance other = Servers.create(instances, "other.example", "EUR");
        assertThat(owner.get("/operator/servers/" + other.id() + "/tiers/" + tier.id() + "/edit").status())
                .isEqualTo(404);
        assertThat(owner.post("/operator/servers/" + other.id() + "/tiers/" + tier.id() + "/archive",
                Map.of("_csrf", csrf())).status()).isEqualTo(404);
        assertThat(tiers.get(server.id(), tier.id()).archived()).isFalse();
    }

    private String csrf() {
        return owner.get("/operator/servers/" + server.id() + "/tiers").document()
                .selectFirst("input[name=_csrf]").attr("value");
    }

    @Test
    void donationOptionsHaveSensibleDefaultsAndRefuseNonsense() {
        var page = owner.get("/operator/servers/" + server.id() + "/donations");
        assertThat(page.document().selectFirst("#presets").attr("value")).isEqualTo("5.00 10.00 25.00");

        var saved = owner.submit(page, "form.donations", Map.of("presets", "3 7,50 20", "minimum", "2",
                "maximum", "500", "monthly", "on"));
        assertThat(saved.text()).contains("The donation options are saved.");
        DonationOptions options = tiers.donationOptions(server.id(), server.currency());
        assertThat(options.presets()).containsExactly(Money.of(300, "EUR"), Money.of(750, "EUR"),
                Money.of(2000, "EUR"));
        assertThat(options.oneTime()).isFalse();
        assertThat(options.monthly()).isTrue();
        assertThat(options.accepts(Money.of(150, "EUR"))).isFalse();
        assertThat(options.accepts(Money.of(200, "USD"))).isFalse();

        Map<Map<String, String>, String> bad = Map.of(
                Map.of("presets", "5", "minimum", "10", "maximum", "5", "oneTime", "on"), "must not be smaller",
                Map.of("presets", "5", "minimum", "-1", "maximum", "5", "oneTime", "on"), "positive number",
                Map.of("presets", "500", "minimum", "1", "maximum", "100", "oneTime", "on"), "between the smallest",
                Map.of("presets", "5", "minimum", "1", "maximum", "100"), "at least one way to give",
                Map.of("presets", "1 2 3 4 5 6 7", "minimum", "1", "maximum", "100", "oneTime", "on"), "six",
                Map.of("presets", "5", "minimum", "1", "maximum", "99999999", "oneTime", "on"), "at most 1,000,000",
                Map.of("presets", XSS, "minimum", "1", "maximum", "100", "oneTime", "on"), "positive number");
        bad.forEach((fields, message) -> assertThat(owner.submit(owner.get("/operator/servers/" + server.id()
                + "/donations"), "form.donations", fields).text()).as(fields.toString()).contains(message));
        assertThat(tiers.donationOptions(server.id(), server.currency())).isEqualTo(options);
    }
}
