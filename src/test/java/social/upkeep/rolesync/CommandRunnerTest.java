package social.upkeep.rolesync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The role command runs as an argument list with a timeout, and refuses what a shell would misread. */
class CommandRunnerTest {

    static final String SCRIPT = Path.of("src/test/resources/rolesync/fake-tootctl.sh").toAbsolutePath().toString();

    @TempDir
    Path dir;

    private CommandRunner runner(Duration timeout) {
        return new CommandRunner("sh " + SCRIPT + " " + dir.resolve("args.log") + " {username} --role {role}",
                timeout);
    }

    private List<String> arguments() throws Exception {
        Path log = dir.resolve("args.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void runsTheCommandWithTheUsernameAndRoleAsSeparateArguments() throws Exception {
        var result = runner(Duration.ofSeconds(10)).run("alice_01", "Gold Supporter");
        assertThat(result.succeeded()).isTrue();
        assertThat(result.output()).isEqualTo("OK\n");
        assertThat(arguments()).containsExactly("alice_01", "--role", "Gold Supporter");
    }

    @Test
    void aNonZeroExitIsAFailureWithItsOutputKept() {
        var result = runner(Duration.ofSeconds(10)).run("refused_user", "Supporter");
        assertThat(result.succeeded()).isFalse();
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.output()).isEqualTo("Role not found\n");
    }

    @Test
    void aCommandThatHangsIsKilledAtTheTimeout() {
        long start = System.nanoTime();
        var result = runner(Duration.ofMillis(500)).run("slow_user", "Supporter");
        assertThat(result.timedOut()).isTrue();
        assertThat(result.succeeded()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aUsernameOrRoleAShellWouldMisreadIsRefusedAndNothingRuns() throws Exception {
        for (String username : List.of("alice; touch pwned", "$(id)", "`id`", "a b", "-rf", "alice|cat", "", "ä")) {
            assertThatThrownBy(() -> runner(Duration.ofSeconds(10)).run(username, "Supporter")).as(username)
                    .isInstanceOf(CommandRunner.Refused.class).hasMessage("rolesync.refused.username");
        }
        for (String role : List.of("Supporter; rm -rf /", "--remove-role", "$(id)", "")) {
            assertThatThrownBy(() -> runner(Duration.ofSeconds(10)).run("alice", role)).as(role)
                    .isInstanceOf(CommandRunner.Refused.class).hasMessage("rolesync.refused.role");
        }
        assertThat(arguments()).isEmpty();
        assertThat(Files.exists(Path.of("pwned"))).isFalse();
    }

    /** A command through ssh, whose remote shell reads the joined line (fake-ssh.sh plays ssh). */
    private CommandRunner throughSsh() throws Exception {
        Path ssh = dir.resolve("ssh");
        Files.copy(Path.of("src/test/resources/rolesync/fake-ssh.sh"), ssh);
        ssh.toFile().setExecutable(true);
        return new CommandRunner(ssh + " -p 22 mastodon@host -- RAILS_ENV=production sh " + SCRIPT + " "
                + dir.resolve("args.log") + " {username} --role {role}", Duration.ofSeconds(10));
    }

    @Test
    void throughSshARoleNameStaysOneArgumentOnTheRemoteSide() throws Exception {
        var result = throughSsh().run("alice_01", "Supporter --reset-password");
        assertThat(result.succeeded()).isTrue();
        assertThat(arguments()).containsExactly("alice_01", "--role", "Supporter --reset-password");
    }

    @Test
    void throughSshUnicodeAndSpacesArriveAsTyped() throws Exception {
        throughSsh().run("bo", "Großer Unterstützer");
        assertThat(arguments()).containsExactly("bo", "--role", "Großer Unterstützer");
    }

    @Test
    void quotingSurvivesEverythingARemoteShellReads() {
        assertThat(CommandRunner.quoted("it's $(id) `x` \\ \"q\"")).isEqualTo("'it'\\''s $(id) `x` \\ \"q\"'");
    }

    @Test
    void templatesThatWouldLetAShellSplitTheValuesAreRefused() {
        for (String template : List.of(
                "sh -c tootctl accounts modify {username} --role {role}",
                "su mastodon -c tootctl accounts modify {username}",
                "ssh mastodon@host bash -lc tootctl accounts modify {username}",
                "/usr/bin/sudo -u mastodon /bin/sh -c tootctl {username}",
                "ssh host tootctl accounts modify '{username}' --role {role}",
                "ssh host tootctl accounts modify {username} --role=\"{role}\"",
                "tootctl accounts modify {username};{role}")) {
            assertThatThrownBy(() -> new CommandRunner(template, Duration.ofSeconds(1))).as(template)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aCommandWithoutAUsernamePlaceholderIsRefusedWhenConfigured() {
        assertThatThrownBy(() -> new CommandRunner("tootctl accounts modify --role {role}", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
