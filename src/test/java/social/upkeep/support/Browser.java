package social.upkeep.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A person's browser, minus the rendering: real HTTP to the running app, cookies kept, redirects
 * followed, forms filled and submitted with whatever hidden fields (the CSRF token) the page put in them.
 */
public final class Browser {

    private final String base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private HttpResponse<String> last;
    private int callbacksTo = -1;

    public Browser(int port) {
        this.base = "http://localhost:" + port;
        headers.put("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public Browser header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Page get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /**
     * Fills the form (found by CSS selector) with the given fields, keeping its hidden ones, and submits it as its
     * method says (a search form's GET puts the fields in the query).
     */
    public Page submit(Page page, String formSelector, Map<String, String> fields) {
        Element form = page.document().selectFirst(formSelector);
        if (form == null) {
            throw new AssertionError("No form " + formSelector + " on " + page.uri() + ":\n" + page.body());
        }
        Map<String, String> values = new LinkedHashMap<>();
        form.select("input[type=hidden]").forEach(input -> values.put(input.attr("name"), input.attr("value")));
        values.putAll(fields);
        if ("get".equalsIgnoreCase(form.attr("method"))) {
            return get(form.attr("action") + "?" + values.entrySet().stream()
                    .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&")));
        }
        return post(form.attr("action"), values);
    }

    /** Posts a form to a full address (a link found in a mail, say). */
    public Page postTo(URI target, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(target)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Page post(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Submits the form as multipart/form-data, with one file attached to {@code fileField}. */
    public Page upload(Page page, String formSelector, Map<String, String> fields, String fileField, String fileName,
            String contentType, byte[] content) {
        Element form = page.document().selectFirst(formSelector);
        if (form == null) {
            throw new AssertionError("No form " + formSelector + " on " + page.uri());
        }
        Map<String, String> values = new LinkedHashMap<>();
        form.select("input[type=hidden]").forEach(input -> values.put(input.attr("name"), input.attr("value")));
        values.putAll(fields);
        String boundary = "----upkeep" + System.nanoTime();
        var body = new java.io.ByteArrayOutputStream();
        values.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(uri(form.attr("action")))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    /** Opens a URL as it stands, for replaying a link (a callback, an email link) the test kept. */
    public Page open(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    /**
     * Sends a fediverse server's redirect back to Upkeep (the sign-in callbacks) to another port: a load balancer
     * handing the end of a sign-in to another node.
     */
    public Browser callbacksTo(int port) {
        this.callbacksTo = port;
        return this;
    }

    public CookieManager cookies() {
        return cookies;
    }

    /**
     * Sends the request and follows redirects as a browser does (a POST answered by 302/303 becomes a GET).
     * A redirect to a test fediverse server ({@code *.test}) goes to the stubs on loopback: those names exist
     * only in the app's test host map.
     */
    private Page send(HttpRequest.Builder request) {
        headers.forEach(request::header);
        try {
            last = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (int hops = 0; hops < 20 && last.statusCode() / 100 == 3 && last.headers().firstValue("Location")
                    .isPresent(); hops++) {
                URI next = last.uri().resolve(last.headers().firstValue("Location").get());
                URI target = next.getHost() != null && next.getHost().endsWith(".test")
                        ? URI.create(next.toString().replaceFirst("//[^/:]+", "//127.0.0.1")) : next;
                if (callbacksTo > 0 && target.getPath() != null && target.getPath().contains("/callback")) {
                    target = URI.create(target.toString().replaceFirst("//localhost:\\d+", "//localhost:" + callbacksTo));
                }
                var follow = HttpRequest.newBuilder(target).GET();
                headers.forEach(follow::header);
                last = http.send(follow.build(), HttpResponse.BodyHandlers.ofString());
            }
            return new Page(last);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create(path.startsWith("http") ? path : base + path);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A response as the person sees it. */
    public record Page(HttpResponse<String> response) {

        public int status() {
            return response.statusCode();
        }

        public String path() {
            return response.uri().getPath();
        }

        public URI uri() {
            return response.uri();
        }

        public String body() {
            return response.body();
        }

        public Document document() {
            return Jsoup.parse(response.body(), response.uri().toString());
        }

        /** The visible text of the page's messages and main part, without header and footer. */
        public String text() {
            var parts = document().select(".flash, main");
            return parts.isEmpty() ? document().text() : parts.text();
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse("");
        }
    }
}
