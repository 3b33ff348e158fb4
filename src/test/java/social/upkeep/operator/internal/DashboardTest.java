package social.upkeep.operator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.upkeep.grant.GrantDetails;
import social.upkeep.grant.GrantStatus;
import social.upkeep.grant.Grants;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.ledger.MonthClosing;
import social.upkeep.shared.Money;
import social.upkeep.support.Browser;
import social.upkeep.support.Servers;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.StripeStubs;
import social.upkeep.support.UpkeepTest;
import social.upkeep.tier.TierDetails;
import social.upkeep.tier.Tiers;

/** The dashboard says what to set up and what to do next on each server, each linking where it is done. */
@UpkeepTest
class DashboardTest {

    @LocalServerPort
    int port;

    @Autowired
    Instances instances;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    Tiers tiers;

    @Autowired
    Grants grants;

    @Autowired
    MonthClosing closing;

    Instance server;
    Browser owner;

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        StripeStubs.register(registry);
    }

    @BeforeEach
    void setUp() {
        StripeStubs.reset("eur");
        server = Servers.create(instances, "example.social", "EUR");
        owner = SignedInOwner.browser(port, jdbc, passwords);
    }

    private Element card() {
        return owner.get("/operator").document().selectFirst("section.server");
    }

    private static Map<String, Boolean> setup(Element card) {
        var steps = new java.util.LinkedHashMap<String, Boolean>();
        card.select("ul.checklist li").forEach(li -> steps.put(li.text(), li.hasClass("done")));
        return steps;
    }

    @Test
    void aNewServerListsWhatIsLeftToSetUpAndEachStepLinksWhereItIsDone() {
        var card = card();
        assertThat(card.select("summary").text()).isEqualTo("Setting up: 2 of 6 steps done");
        assertThat(setup(card)).containsExactly(
                Map.entry("Connect the server, so Upkeep can read it and give roles", false),
                Map.entry("Enter the Stripe keys", false),
                Map.entry("Create the Stripe webhook endpoint", false),
                Map.entry("Offer a tier or donation options", false),
                Map.entry("Set UPKEEP_BASE_URL to the address people reach Upkeep at (it still names localhost, so "
                        + "links in mail and from Stripe lead nowhere)", true),
                Map.entry("Configure mail (UPKEEP_SMTP_HOST and friends): without it no receipt, alert or sign-in "
                        + "link is sent", true));
        assertThat(card.select("ul.checklist li:not(.done) a").eachAttr("href")).containsExactly(
                "/operator/servers/" + server.id() + "/connection", "/operator/servers/" + server.id() + "/stripe",
                "/operator/servers/" + server.id() + "/stripe", "/operator/servers/" + server.id() + "/tiers");

        owner.submit(owner.get("/operator/servers/" + server.id() + "/stripe"), "form.stripe-keys",
                Map.of("secretKey", StripeStubs.SECRET_KEY, "webhookSecret", StripeStubs.WEBHOOK_SECRET));
        tiers.create(server.id(), server.currency(), new TierDetails("Supporter", "", List.of(),
                Money.of(500, "EUR"), null, null, null, true));
        card = card();
        assertThat(card.select("summary").text()).isEqualTo("Setting up: 5 of 6 steps done");
        assertThat(setup(card)).containsEntry("Enter the Stripe keys", true)
                .containsEntry("Create the Stripe webhook endpoint", true)
                .containsEntry("Offer a tier or donation options", true);
    }

    @Test
    void toDosNameTheMonthToCloseAndTheGrantReportDueAndLeadThere() {
        var grant = grants.create(server.id(), new GrantDetails("Example Foundation", "Moderation", Money.of(100_000,
                "EUR"), GrantStatus.ACTIVE, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), false, false));
        grants.addDeadline(server.id(), grant.id(), LocalDate.of(2026, 12, 10), "Interim report");
        grants.addDeadline(server.id(), grant.id(), LocalDate.of(2027, 6, 30), "Final report");
        closing.closeThrough(server.id(), java.time.YearMonth.of(2026, 9));

        var todos = card().select("ul.todo a");
        assertThat(todos.eachText()).containsExactly("Close October 2026",
                "Report due to Example Foundation: Interim report, by 10 December 2026");
        assertThat(todos.eachAttr("href")).containsExactly(
                "/operator/servers/" + server.id() + "/close?month=2026-10",
                "/operator/servers/" + server.id() + "/grants/" + grant.id());
        assertThat(owner.get(todos.get(0).attr("href")).status()).isEqualTo(200);

        var overview = owner.get("/operator/servers/" + server.id());
        assertThat(overview.document().select("ul.todo a").eachText()).contains("Close October 2026");
    }

    @Test
    void severalMonthsOverCloseWithOneConfirmationThatListsEachOfThem() {
        var todo = card().selectFirst("ul.todo a");
        assertThat(todo.text()).isEqualTo("Close 34 months, January 2024 to October 2026");
        var confirm = owner.get(todo.attr("href"));
        assertThat(confirm.document().select("h1").text()).isEqualTo("Close 34 months, January 2024 to October 2026");
        assertThat(confirm.document().select("table.months tbody tr")).hasSize(34);
        assertThat(confirm.document().select("table.months tbody tr:first-child td:first-child").text())
                .isEqualTo("January 2024");
        var closed = owner.submit(confirm, "main form", Map.of());
        assertThat(closed.text()).contains("The month is closed and published.");
        assertThat(closing.closedMonths(server.id())).hasSize(34);
        assertThat(closing.nextToClose(server.id())).isEmpty();
    }

    @Test
    void theToDosSpeakGermanWithGermanDates() {
        var grant = grants.create(server.id(), new GrantDetails("Stiftung", "Moderation", Money.of(100_000,
                "EUR"), GrantStatus.ACTIVE, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), false, false));
        grants.addDeadline(server.id(), grant.id(), LocalDate.of(2026, 12, 10), "Zwischenbericht");
        owner.get("/operator?lang=de");
        assertThat(card().select("ul.todo").text()).contains("Bericht an Stiftung fällig: Zwischenbericht, bis "
                + "10. Dezember 2026");
    }

    @Test
    void aServerWithNothingToDoSaysSo() {
        closing.closeThrough(server.id(), java.time.YearMonth.of(2026, 10));
        assertThat(card().select(".todos").text()).isEqualTo("Nothing to do.");
    }
}
