import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A small closed-loop load generator: for each URL, N concurrent clients send requests back to back for a
 * fixed time after a 10-second warm-up, then it prints p50/p95/p99 latency and throughput. Bounded in count and time,
 * loopback only. Run: java bench/LoadTest.java BASE_URL CLIENTS SECONDS PATH...
 */
public class LoadTest {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        if (!URI.create(base).getHost().matches("localhost|127\\.0\\.0\\.1")) {
            throw new IllegalArgumentException("Loopback only");
        }
        int clients = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        System.out.printf("%-45s %8s %8s %8s %8s %8s%n", "path", "p50 ms", "p95 ms", "p99 ms", "req/s", "bytes");
        for (int i = 3; i < args.length; i++) {
            String path = args[i];
            run(http, base + path, clients, 10);
            Result result = run(http, base + path, clients, seconds);
            System.out.printf("%-45s %8.2f %8.2f %8.2f %8.0f %8d%n", path, result.percentile(50), result.percentile(95),
                    result.percentile(99), result.latencies.size() / (double) seconds, result.bytes);
        }
    }

    record Result(List<Long> latencies, long bytes) {
        double percentile(int p) {
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
        }
    }

    static Result run(HttpClient http, String url, int clients, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<Long>>> futures = new ArrayList<>();
        long[] bytes = new long[1];
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                List<Long> mine = new ArrayList<>();
                HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html,*/*").build();
                while (System.nanoTime() < end && mine.size() < 1_000_000) {
                    long start = System.nanoTime();
                    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    mine.add(System.nanoTime() - start);
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(url + " answered " + response.statusCode());
                    }
                    bytes[0] = response.body().length;
                }
                return mine;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> future : futures) {
            all.addAll(future.get());
        }
        pool.shutdown();
        return new Result(all, bytes[0]);
    }
}
