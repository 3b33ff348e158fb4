package social.upkeep.instance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import social.upkeep.instance.FediverseAccount;
import social.upkeep.instance.Software;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mastodon's own documented responses, from {@code ../shared/fixtures/mastodon}, read by the parsers Upkeep
 * uses on real servers. Skips, saying so, only when that folder is not beside the checkout.
 */
class MastodonFixturesConformanceTest {

    private static final Path FIXTURES = Path.of(System.getProperty("upkeep.shared.dir", "../shared"),
            "fixtures", "mastodon");

    @BeforeAll
    static void fixturesPresent() {
        assumeThat(Files.isDirectory(FIXTURES))
                .as("../shared/fixtures/mastodon is not beside the checkout; conformance tests skipped")
                .isTrue();
    }

    private static String read(String name) throws IOException {
        return Files.readString(FIXTURES.resolve(name));
    }

    private static List<Path> files(String glob) throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            var matcher = FIXTURES.getFileSystem().getPathMatcher("glob:" + glob);
            return files.map(Path::getFileName).filter(matcher::matches).sorted().toList();
        }
    }

    @Test
    void everyDocumentedAccountIsReadWithItsIdentity() throws IOException {
        List<Path> accounts = files("{entities.account--example--*,methods.accounts--get--200*,"
                + "methods.accounts--verify_credentials--200*}.json");
        assertThat(accounts).hasSizeGreaterThanOrEqualTo(5);
        for (Path file : accounts) {
            JsonNode node = ServerJson.parse(read(file.toString()));
            FediverseAccount account = ServerJson.account(node, "social.example", Software.MASTODON);
            assertThat(account.id()).as(file.toString()).isEqualTo(node.get("id").asString());
            assertThat(account.username()).as(file.toString()).isEqualTo(node.get("username").asString());
            assertThat(URI.create(account.actorUri()).getHost()).as(file.toString()).isNotBlank();
        }
    }

    @Test
    void theDocumentedSignedInUserHoldsTheEveryoneRoleSoIsNoAdmin() throws IOException {
        JsonNode node = ServerJson.parse(read("methods.accounts--verify_credentials--200.json"));
        FediverseAccount account = ServerJson.account(node, "mastodon.social", Software.MASTODON);
        assertThat(node.path("role").path("id").asString()).isEqualTo("-99");
        assertThat(account.admin()).isFalse();
    }

    @Test
    void theDocumentedOwnerRoleCountsAsAdmin() throws IOException {
        JsonNode role = ServerJson.parse(read("entities.role--example--example.json"));
        var account = JsonMapper.builder().build().createObjectNode()
                .put("id", "1").put("username", "owner").put("url", "https://social.example/@owner");
        account.set("role", role);
        assertThat(ServerJson.account(account, "social.example", Software.MASTODON).admin()).isTrue();
        long permissions = Long.parseLong(role.get("permissions").asString());
        assertThat(permissions & ServerJson.ADMINISTRATOR).isNotZero();
    }

    @Test
    void everyDocumentedAppRegistrationYieldsClientCredentials() throws IOException {
        List<Path> apps = files("methods.apps--create--200*.json");
        assertThat(apps).isNotEmpty();
        for (Path file : apps) {
            var credentials = ServerJson.app(ServerJson.parse(read(file.toString())));
            assertThat(credentials.clientId()).isNotBlank();
            assertThat(credentials.clientSecret()).isNotBlank();
            assertThat(credentials.toString()).doesNotContain(credentials.clientSecret());
        }
    }

    @Test
    void theDocumentedAuthorizationServerMetadataOffersProfileAndPkce() throws IOException {
        var discovery = ServerJson.discovery(ServerJson.parse(
                read("methods.oauth--authorization-server-metadata--200.json")), "social.example");
        assertThat(discovery.profileScope()).isTrue();
        assertThat(discovery.pkce()).isTrue();
        assertThat(discovery.authorization()).hasToString("https://social.example/oauth/authorize");
        assertThat(discovery.token()).hasToString("https://social.example/oauth/token");
        assertThat(discovery.revocation()).hasToString("https://social.example/oauth/revoke");
        assertThat(discovery.registration()).hasToString("https://social.example/api/v1/apps");
    }

    @Test
    void theDocumentedTokenResponseNamesItsScopes() throws IOException {
        assertThat(ServerJson.scopes(ServerJson.parse(read("methods.oauth--token--200.json"))))
                .isEqualTo("read write follow push");
    }

    @Test
    void theDocumentedInstanceCountsMonthlyActiveUsers() throws IOException {
        assertThat(ServerJson.activeMonth(ServerJson.parse(read("methods.instance--v2--200.json"))))
                .hasValue(279347);
    }

    @Test
    void everyDocumentedErrorOfTheCallsUpkeepMakesCarriesAMessage() throws IOException {
        List<Path> errors = files("{methods.accounts--verify_credentials--4*,methods.apps--create--4*,"
                + "methods.oauth--token--4*,methods.oauth--revoke--4*,methods.oauth--authorize--4*,"
                + "methods.apps--verify_credentials--4*}.json");
        assertThat(errors).hasSizeGreaterThanOrEqualTo(8);
        for (Path file : errors) {
            assertThat(ServerJson.error(ServerJson.parse(read(file.toString())))).as(file.toString()).isPresent();
        }
    }
}
