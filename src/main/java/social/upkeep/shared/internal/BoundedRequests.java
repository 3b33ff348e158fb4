package social.upkeep.shared.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.classic.HttpClient;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import social.upkeep.shared.Outbound;

/**
 * Every call to a host someone typed has a hard overall deadline and a size cap, and when either trips the
 * connection is dropped at once. Closing a response normally would read the rest of the body so the connection
 * can be reused: a server dripping a byte a second, or sending without end, would hold the calling thread for as
 * long as it liked. A watchdog aborts the request at the deadline, whether it is connecting, waiting for headers
 * or reading the body.
 */
final class BoundedRequests extends HttpComponentsClientHttpRequestFactory {

    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();
    /** The Apache request behind the Spring request being created on this thread (see createRequest). */
    private static final ThreadLocal<Cancellable> CREATED = new ThreadLocal<>();

    private final long maxBytes;
    private final Duration total;

    BoundedRequests(HttpClient http, long maxBytes, Duration total) {
        super(http);
        this.maxBytes = maxBytes;
        this.total = total;
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        var executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "outbound-deadline");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    @Override
    protected ClassicHttpRequest createHttpUriRequest(HttpMethod method, URI uri) {
        ClassicHttpRequest request = super.createHttpUriRequest(method, uri);
        CREATED.set((Cancellable) request);
        return request;
    }

    @Override
    public ClientHttpRequest createRequest(URI uri, HttpMethod method) throws IOException {
        try {
            ClientHttpRequest request = super.createRequest(uri, method);
            return new Deadlined(request, Objects.requireNonNull(CREATED.get(), "no Apache request was created"));
        } finally {
            CREATED.remove();
        }
    }

    private final class Deadlined implements ClientHttpRequest {

        private final ClientHttpRequest request;
        private final Cancellable abort;
        private final AtomicBoolean expired = new AtomicBoolean();

        Deadlined(ClientHttpRequest request, Cancellable abort) {
            this.request = request;
            this.abort = abort;
        }

        @Override
        public ClientHttpResponse execute() throws IOException {
            ScheduledFuture<?> alarm = WATCHDOG.schedule(() -> {
                expired.set(true);
                abort.cancel();
            }, total.toMillis(), TimeUnit.MILLISECONDS);
            ClientHttpResponse response;
            try {
                response = request.execute();
            } catch (IOException e) {
                alarm.cancel(false);
                throw expired.get() ? tooSlow(e) : e;
            } catch (RuntimeException e) {
                // Cancelled while waiting for a pooled connection to the same host.
                alarm.cancel(false);
                if (expired.get()) {
                    throw tooSlow(e);
                }
                throw e;
            }
            long declared = response.getHeaders().getContentLength();
            if (declared > maxBytes) {
                alarm.cancel(false);
                abort.cancel();
                response.close();
                throw new Outbound.ResponseTooLarge("The answer is " + declared + " bytes");
            }
            return new Bounded(response, alarm);
        }

        private IOException tooSlow(Exception cause) {
            var slow = new Outbound.ResponseTooSlow("The answer took longer than " + total.toSeconds() + " s");
            slow.initCause(cause);
            return slow;
        }

        @Override
        public OutputStream getBody() throws IOException {
            return request.getBody();
        }

        @Override
        public HttpHeaders getHeaders() {
            return request.getHeaders();
        }

        @Override
        public HttpMethod getMethod() {
            return request.getMethod();
        }

        @Override
        public URI getURI() {
            return request.getURI();
        }

        @Override
        public Map<String, Object> getAttributes() {
            return request.getAttributes();
        }

        private final class Bounded implements ClientHttpResponse {

            private final ClientHttpResponse response;
            private final ScheduledFuture<?> alarm;
            private InputStream body;

            Bounded(ClientHttpResponse response, ScheduledFuture<?> alarm) {
                this.response = response;
                this.alarm = alarm;
            }

            @Override
            public HttpStatusCode getStatusCode() throws IOException {
                return response.getStatusCode();
            }

            @Override
            public String getStatusText() throws IOException {
                return response.getStatusText();
            }

            @Override
            public HttpHeaders getHeaders() {
                return response.getHeaders();
            }

            @Override
            public InputStream getBody() throws IOException {
                if (body == null) {
                    body = new Limited(response.getBody());
                }
                return body;
            }

            @Override
            public void close() {
                alarm.cancel(false);
                response.close();
            }

            private final class Limited extends FilterInputStream {

                private long read;

                Limited(InputStream in) {
                    super(in);
                }

                @Override
                public int read() throws IOException {
                    try {
                        int b = super.read();
                        count(b < 0 ? -1 : 1);
                        return b;
                    } catch (IOException e) {
                        throw expired.get() ? tooSlow(e) : e;
                    }
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    try {
                        int n = super.read(buffer, offset, length);
                        count(n);
                        return n;
                    } catch (Outbound.ResponseTooLarge e) {
                        throw e;
                    } catch (IOException e) {
                        throw expired.get() ? tooSlow(e) : e;
                    }
                }

                private void count(int n) throws IOException {
                    if (n > 0) {
                        read += n;
                    }
                    if (read > maxBytes) {
                        abort.cancel(); // drop the connection: closing would read the rest
                        throw new Outbound.ResponseTooLarge("The answer is larger than " + maxBytes + " bytes");
                    }
                }
            }
        }
    }
}
