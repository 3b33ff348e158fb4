package social.upkeep.shared.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import social.upkeep.shared.Outbound;
import social.upkeep.shared.OutboundRefused;

/**
 * Refuses URLs of the wrong scheme before anything is sent, and stops reading an answer that is too large
 * or too slow: a 50 MB "NodeInfo" or a server dripping one byte a second costs a bounded amount.
 */
final class BoundedResponses implements ClientHttpRequestInterceptor {

    private final boolean plainHttp;
    private final long maxBytes;
    private final long totalMillis;

    BoundedResponses(boolean plainHttp, long maxBytes, long totalMillis) {
        this.plainHttp = plainHttp;
        this.maxBytes = maxBytes;
        this.totalMillis = totalMillis;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        checkScheme(request.getURI(), plainHttp);
        long deadline = System.nanoTime() + totalMillis * 1_000_000;
        ClientHttpResponse response = execution.execute(request, body);
        long declared = response.getHeaders().getContentLength();
        if (declared > maxBytes) {
            response.close();
            throw new Outbound.ResponseTooLarge("The answer is " + declared + " bytes");
        }
        return new Bounded(response, maxBytes, deadline);
    }

    static void checkScheme(URI uri, boolean plainHttp) throws OutboundRefused {
        String scheme = uri.getScheme();
        if (!"https".equals(scheme) && !(plainHttp && "http".equals(scheme))) {
            throw new OutboundRefused("Only https addresses are allowed");
        }
        if (uri.getUserInfo() != null) {
            throw new OutboundRefused("Addresses with credentials are not allowed");
        }
    }

    private static final class Bounded implements ClientHttpResponse {

        private final ClientHttpResponse response;
        private final long maxBytes;
        private final long deadline;
        private InputStream body;

        Bounded(ClientHttpResponse response, long maxBytes, long deadline) {
            this.response = response;
            this.maxBytes = maxBytes;
            this.deadline = deadline;
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
            response.close();
        }

        private final class Limited extends FilterInputStream {

            private long read;

            Limited(InputStream in) {
                super(in);
            }

            @Override
            public int read() throws IOException {
                int b = super.read();
                count(b < 0 ? -1 : 1);
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                count(n);
                return n;
            }

            private void count(int n) throws IOException {
                if (n > 0) {
                    read += n;
                }
                if (read > maxBytes) {
                    throw new Outbound.ResponseTooLarge("The answer is larger than " + maxBytes + " bytes");
                }
                if (System.nanoTime() > deadline) {
                    throw new Outbound.ResponseTooLarge("The answer took too long to arrive");
                }
            }
        }
    }
}
