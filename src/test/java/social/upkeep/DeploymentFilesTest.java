package social.upkeep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml, the Dockerfile and README.md name only settings the app reads, and the README all of them. */
class DeploymentFilesTest {

    static final Pattern READ_BY_APP = Pattern.compile("\\$\\{(UPKEEP_[A-Z0-9_]+)");
    static final Pattern NAMED = Pattern.compile("\\b(UPKEEP_[A-Z0-9_]+)\\b");

    static Set<String> variablesTheAppReads() throws IOException {
        return matches(READ_BY_APP, Files.readString(Path.of("src/main/resources/application.properties")));
    }

    @Test
    void composeSetsOnlyVariablesTheAppReads() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        Set<String> set = upkeepVariables(compose);
        assertThat(set).contains("UPKEEP_DB_URL", "UPKEEP_SECRET_KEY");
        assertThat(variablesTheAppReads()).containsAll(set);
        assertThat(services(compose).get("upkeep").get("environment").toString())
                .contains("SPRING_PROFILES_ACTIVE=prod");
    }

    /** The two-node option: the same app, two replicas, behind the proxy it names as its only trusted one. */
    @Test
    void theClusterOptionRunsTwoNodesBehindTheProxy() throws IOException {
        Map<String, Object> cluster = new Yaml(new org.yaml.snakeyaml.LoaderOptions())
                .load(Files.readString(Path.of("docker-compose.cluster.yml")).replace("!reset ", ""));
        assertThat(variablesTheAppReads()).containsAll(upkeepVariables(cluster));
        var upkeep = services(cluster).get("upkeep");
        assertThat(upkeep.get("deploy").toString()).contains("replicas=2");
        assertThat(upkeep.get("environment").toString()).contains("UPKEEP_TRUSTED_PROXIES=10.77.0.2");
        assertThat(services(cluster).get("proxy").get("networks").toString()).contains("ipv4_address=10.77.0.2");
        assertThat(Files.readString(Path.of("deploy/Caddyfile")))
                .contains("name upkeep", "lb_policy round_robin", "health_uri /actuator/health/readiness");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services(Map<String, Object> compose) {
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    private static Set<String> upkeepVariables(Map<String, Object> compose) {
        Set<String> set = new TreeSet<>();
        for (var service : services(compose).values()) {
            Object environment = service.get("environment");
            Collection<String> names = environment instanceof Map<?, ?> map
                    ? map.keySet().stream().map(Object::toString).toList()
                    : environment instanceof List<?> list
                            ? list.stream().map(item -> item.toString().split("=", 2)[0]).toList()
                            : List.of();
            names.stream().filter(name -> name.startsWith("UPKEEP_")).forEach(set::add);
        }
        return set;
    }

    @Test
    void dockerfileSetsOnlyVariablesTheAppReads() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertThat(variablesTheAppReads()).containsAll(matches(NAMED, dockerfile));
        assertThat(dockerfile).contains("USER upkeep", "@/app/jvm.options", "-XX:SharedArchiveFile=/app/upkeep.jsa");
        assertThat(Files.readString(Path.of("jvm.options"))).contains("-Xmx128m");
    }

    @Test
    void readmeDocumentsEveryVariableAndTheTwoCommands() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        for (String variable : variablesTheAppReads()) {
            assertThat(readme).as(variable).containsPattern("\\| `" + variable + "` \\|");
        }
        assertThat(variablesTheAppReads()).containsAll(matches(NAMED, readme));
        assertThat(readme).contains("mvn spring-boot:run", "mvn verify");
        assertThat(Files.readString(Path.of(".ci/run"))).contains("mvn -B verify");
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
