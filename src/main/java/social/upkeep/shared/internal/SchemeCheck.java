package social.upkeep.shared.internal;

import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import social.upkeep.shared.OutboundRefused;

/** Refuses URLs of the wrong scheme, or carrying credentials, before anything is sent. */
final class SchemeCheck implements ClientHttpRequestInterceptor {

    private final boolean plainHttp;

    SchemeCheck(boolean plainHttp) {
        this.plainHttp = plainHttp;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        check(request.getURI(), plainHttp);
        return execution.execute(request, body);
    }

    static void check(URI uri, boolean plainHttp) throws OutboundRefused {
        String scheme = uri.getScheme();
        if (!"https".equals(scheme) && !(plainHttp && "http".equals(scheme))) {
            throw new OutboundRefused("Only https addresses are allowed");
        }
        if (uri.getUserInfo() != null) {
            throw new OutboundRefused("Addresses with credentials are not allowed");
        }
    }
}
