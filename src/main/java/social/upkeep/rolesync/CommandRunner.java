package social.upkeep.rolesync;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs the operator's role command for one account: the configured command (for example {@code ssh
 * mastodon@host -- RAILS_ENV=production /home/mastodon/live/bin/tootctl accounts modify {username} --role {role}})
 * split into words once, with {@code {username}} and {@code {role}} replaced inside single words, and started
 * as an argument list: never through a local shell. A username or role that is not plainly one (shell
 * metacharacters, spaces in a username, a leading dash) is refused before anything runs. The command gets a
 * timeout and its output (first 16 KB) is kept for the audit trail.
 *
 * <p>{@code ssh} joins its arguments into one line for the remote shell, so a role {@code Supporter
 * --reset-password} would reach {@code tootctl} as two more arguments. Each word holding a placeholder is
 * therefore quoted for the remote shell once per {@code ssh} before it. Wrappers that would run it through a
 * shell Upkeep cannot quote for ({@code sh -c}, {@code su -c}, ...) are refused when the command is configured.
 */
public final class CommandRunner {

    /** Mastodon usernames: letters, digits and underscores, at most 30. */
    static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9_]{1,30}$");
    /** Role names as servers allow them: letters, digits, spaces, dashes, underscores; not starting with a dash. */
    static final Pattern ROLE = Pattern.compile("^[\\p{L}\\p{N}_][\\p{L}\\p{N} _-]{0,99}$");
    private static final int KEPT_OUTPUT = 16 * 1024;

    /** What running the command did. {@code exitCode} is -1 when it timed out (and was killed). */
    public record Result(int exitCode, boolean timedOut, String output) {

        public boolean succeeded() {
            return !timedOut && exitCode == 0;
        }
    }

    /** A username or role that cannot be passed safely; nothing was run. The message is a message key. */
    public static final class Refused extends RuntimeException {
        public Refused(String messageKey) {
            super(messageKey);
        }
    }

    /** Programs that run their {@code -c} argument through a shell. */
    private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "zsh", "ksh", "ash", "fish", "su",
            "runuser");
    private static final Pattern COMMAND_FLAG = Pattern.compile("^-[A-Za-z]*c[A-Za-z]*$");
    /** What a word holding a placeholder may contain besides it: no quoting or shell syntax of the owner's. */
    private static final Pattern PLACEHOLDER_WORD = Pattern.compile("^[A-Za-z0-9_./=:@%+,-]*$");

    private final List<String> words;
    /** For each word, how many remote shells (ssh hops) read it before the program does. */
    private final int[] remoteShells;
    private final Duration timeout;

    /** @param template the command, words separated by spaces; no quoting, no shell syntax */
    public CommandRunner(String template, Duration timeout) {
        this.words = List.of(template.strip().split("\\s+"));
        this.timeout = timeout;
        if (template.isBlank() || words.stream().noneMatch(word -> word.contains("{username}"))) {
            throw new IllegalArgumentException("The command needs a {username} placeholder");
        }
        this.remoteShells = new int[words.size()];
        int hops = 0;
        boolean shellSeen = false;
        boolean shellCommand = false;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String program = word.substring(word.lastIndexOf('/') + 1);
            if (word.contains("{username}") || word.contains("{role}")) {
                if (shellCommand) {
                    throw new IllegalArgumentException("A placeholder after a shell's -c would be split by that shell");
                }
                String rest = word.replace("{username}", "").replace("{role}", "");
                if (!PLACEHOLDER_WORD.matcher(rest).matches()) {
                    throw new IllegalArgumentException("A word with a placeholder may hold no quotes or shell syntax");
                }
            }
            remoteShells[i] = hops;
            if (program.equals("ssh")) {
                hops++;
            } else if (SHELLS.contains(program)) {
                shellSeen = true;
            } else if (shellSeen && COMMAND_FLAG.matcher(word).matches()) {
                shellCommand = true;
            }
        }
    }

    public Result run(String username, String role) {
        if (!USERNAME.matcher(username).matches()) {
            throw new Refused("rolesync.refused.username");
        }
        if (!ROLE.matcher(role).matches()) {
            throw new Refused("rolesync.refused.role");
        }
        List<String> command = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String filled = word.replace("{username}", username).replace("{role}", role);
            if (!filled.equals(word)) {
                for (int hop = 0; hop < remoteShells[i]; hop++) {
                    filled = quoted(filled);
                }
            }
            command.add(filled);
        }
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            var output = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> copy(process.getInputStream(), output), "role-command-output");
            reader.setDaemon(true);
            reader.start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            reader.join(1000);
            String text;
            synchronized (output) {
                text = output.toString(StandardCharsets.UTF_8);
            }
            return new Result(finished ? process.exitValue() : -1, !finished, text);
        } catch (IOException e) {
            return new Result(-1, false, "Could not start the command: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, false, "Interrupted");
        }
    }

    /** One word for a POSIX shell: single quotes, each ' inside as '\''. */
    static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[4096];
        try (in) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                synchronized (out) {
                    int room = KEPT_OUTPUT - out.size();
                    if (room > 0) {
                        out.write(buffer, 0, Math.min(n, room));
                    }
                }
            }
        } catch (IOException e) {
            // the process ended or was killed: what was read is kept
        }
    }
}
