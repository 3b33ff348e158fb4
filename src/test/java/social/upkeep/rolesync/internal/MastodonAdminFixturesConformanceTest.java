package social.upkeep.rolesync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mastodon's documented admin account answers, from {@code ../shared/fixtures/mastodon}, read as role sync reads
 * a page of the admin accounts API. Skips, saying so, only when that folder is not beside the checkout.
 */
class MastodonAdminFixturesConformanceTest {

    private static final Path FIXTURES = Path.of(System.getProperty("upkeep.shared.dir", "../shared"),
            "fixtures", "mastodon");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @BeforeAll
    static void fixturesPresent() {
        assumeThat(Files.isDirectory(FIXTURES))
                .as("../shared/fixtures/mastodon is not beside the checkout; conformance tests skipped")
                .isTrue();
    }

    private static JsonNode read(String name) throws IOException {
        return JSON.readTree(Files.readString(FIXTURES.resolve(name)));
    }

    @Test
    void anAdminAccountsPageIsReadWithEachLocalAccountsRole() throws IOException {
        JsonNode page = read("methods.admin.accounts--v2--200.json");
        assertThat(page.isArray()).isTrue();
        assertThat(page.size()).isPositive();
        for (JsonNode account : page) {
            Holding holding = MastodonRoles.holding(account);
            assertThat(holding).isNotNull();
            assertThat(holding.username()).isEqualTo(account.get("username").asString());
            assertThat(holding.userId()).isEqualTo(account.get("id").asString());
            assertThat(holding.role()).isEqualTo(account.get("role").get("name").asString());
        }
        // The documented page holds the server's owner: a role Upkeep never manages, so it is kept, not changed.
        assertThat(MastodonRoles.holding(page.get(0)).role()).isEqualTo("Owner");
    }

    @Test
    void theDocumentedAdminAccountEntityIsReadToo() throws IOException {
        Holding holding = MastodonRoles.holding(read("entities.admin_account--example--example.json"));
        assertThat(holding).isNotNull();
        assertThat(holding.username()).isEqualTo("admin");
        assertThat(holding.role()).isEqualTo("Owner");
    }

    @Test
    void anAccountOfAnotherServerIsNotALocalHolder() throws IOException {
        var account = (tools.jackson.databind.node.ObjectNode) read("entities.admin_account--example--example.json");
        account.put("domain", "elsewhere.example");
        assertThat(MastodonRoles.holding(account)).isNull();
    }
}
