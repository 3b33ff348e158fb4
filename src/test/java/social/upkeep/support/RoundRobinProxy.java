package social.upkeep.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A load balancer as small as a test can have: each request goes to the next node in turn, its method, path,
 * headers and body passed on and the answer passed back (redirects pointed at the proxy). A node that refuses the
 * connection is skipped; one that dies with the request in hand makes a 502, and Stripe then delivers again.
 */
public final class RoundRobinProxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "keep-alive",
            "transfer-encoding", "upgrade", "expect");

    private final HttpServer server;
    private final List<Integer> nodes;
    private final AtomicInteger turn = new AtomicInteger();
    private final AtomicIntegerArray served;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public RoundRobinProxy(List<Integer> nodePorts) throws IOException {
        this.nodes = List.copyOf(nodePorts);
        this.served = new AtomicIntegerArray(nodes.size());
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", this::forward);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** How many requests each node answered, in the order the ports were given. */
    public int served(int node) {
        return served.get(node);
    }

    private void forward(HttpExchange exchange) throws IOException {
        int node = Math.floorMod(turn.getAndIncrement(), nodes.size());
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            var request = HttpRequest.newBuilder()
                    .timeout(Duration.ofSeconds(30))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> response = null;
            for (int tries = 0; response == null; tries++) {
                try {
                    response = http.send(request.uri(URI.create("http://127.0.0.1:" + nodes.get(node)
                            + exchange.getRequestURI())).build(), HttpResponse.BodyHandlers.ofByteArray());
                } catch (ConnectException refused) {
                    // The node is down and never saw the request: the next one gets it, as Caddy's lb_retries does.
                    if (tries + 1 == nodes.size()) {
                        exchange.sendResponseHeaders(502, -1);
                        return;
                    }
                    node = Math.floorMod(turn.getAndIncrement(), nodes.size());
                } catch (IOException e) {
                    // The node died with the request in hand: whether it was stored is unknown, so no retry here.
                    exchange.sendResponseHeaders(502, -1);
                    return;
                }
            }
            int from = node;
            served.incrementAndGet(from);
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    // The node names itself in absolute redirects (it saw its own address as Host): point them here.
                    exchange.getResponseHeaders().put(name, !"location".equalsIgnoreCase(name) ? values
                            : values.stream().map(value -> value
                                    .replace("//127.0.0.1:" + nodes.get(from), "//localhost:" + port())
                                    .replace("//localhost:" + nodes.get(from), "//localhost:" + port())).toList());
                }
            });
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
