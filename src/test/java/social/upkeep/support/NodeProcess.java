package social.upkeep.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import social.upkeep.UpkeepApplication;

/**
 * An Upkeep node in a JVM of its own on the test's database, as production runs it (the event worker and the
 * scheduler on, the real clock): it can be killed with SIGKILL, which an in-process node cannot.
 */
public final class NodeProcess implements AutoCloseable {

    private static final AtomicInteger STARTED = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final File log;

    private NodeProcess(Process process, int port, File log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a node with {@code settings} (as {@code name=value}) on top of the common ones; waits until ready. */
    public static NodeProcess start(String name, String databaseUrl, List<String> settings) throws Exception {
        return start(name, databaseUrl, settings, Map.of());
    }

    /** The same, with environment variables as an operator sets them (say, {@code UPKEEP_LOG_FORMAT}). */
    public static NodeProcess start(String name, String databaseUrl, List<String> settings,
            Map<String, String> environment) throws Exception {
        return start(name, databaseUrl, settings, environment, freePort());
    }

    /** The same on a given port: a node started again where the one before it was, as Stripe still calls it. */
    public static NodeProcess start(String name, String databaseUrl, List<String> settings,
            Map<String, String> environment, int port) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        File log = Path.of("target", "node-" + name + "-" + STARTED.incrementAndGet() + ".log").toFile();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-XX:TieredStopAtLevel=1", "-cp", classpath, UpkeepApplication.class.getName(),
                "--server.port=" + port,
                "--upkeep.db.url=" + databaseUrl, "--upkeep.db.username=postgres",
                "--upkeep.secret-key=" + TestDatabaseContextCustomizerFactory.TEST_SECRET_KEY,
                "--spring.main.banner-mode=off"));
        settings.forEach(setting -> command.add("--" + setting));
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
        builder.environment().putAll(environment);
        Process process = builder.start();
        var node = new NodeProcess(process, port, log);
        node.awaitReady();
        return node;
    }

    private void awaitReady() throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Upkeep did not start; see " + log);
            }
            try {
                var health = HTTP.send(HttpRequest.newBuilder(URI.create(url("/actuator/health/readiness")))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new IllegalStateException("Upkeep did not get ready within two minutes; see " + log);
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no graceful anything, as when the machine under a node fails. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the node shuts down gracefully; returns its exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return process.exitValue();
    }

    public Path log() {
        return log.toPath();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
