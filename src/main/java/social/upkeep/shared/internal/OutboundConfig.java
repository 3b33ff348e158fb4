package social.upkeep.shared.internal;

import java.net.URI;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultRedirectStrategy;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.Timeout;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.web.client.RestClient;
import social.upkeep.shared.Outbound;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutboundSettings.class)
class OutboundConfig {

    @Bean
    Outbound outbound(OutboundSettings settings, Environment environment, ObjectProvider<BuildProperties> build) {
        boolean plainHttp = settings.plainHttpPort() != null;
        if ((plainHttp || settings.allowLoopback() || !settings.hosts().isEmpty()) && environment.acceptsProfiles(Profiles.of("prod"))) {
            throw new IllegalStateException(
                    "upkeep.outbound.allow-loopback, plain-http-port and hosts are for tests; the prod profile refuses them");
        }
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new AddressPolicy(settings.allowLoopback(), settings.hosts()))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setSocketTimeout(Timeout.of(settings.readTimeout()))
                        .build())
                .build();
        var http = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(settings.readTimeout()))
                        .setMaxRedirects(5)
                        .build())
                .setRedirectStrategy(new SchemeCheckingRedirects(plainHttp))
                .disableCookieManagement()
                // No silent retries (the client would repeat a 429 or 503 after a second): callers decide, and
                // role sync must not send a request before a server's rate-limit reset.
                .disableAutomaticRetries()
                .disableAuthCaching()
                .build();
        String version = build.getIfAvailable() == null ? "dev" : build.getIfAvailable().getVersion();
        RestClient client = RestClient.builder()
                .requestFactory(new BoundedRequests(http, settings.maxBytes(), settings.totalTimeout()))
                .requestInterceptor(new SchemeCheck(plainHttp))
                .defaultHeader("User-Agent", "Upkeep/" + version + " (self-hosted funding for fediverse servers)")
                .build();
        return new Outbound(client, plainHttp ? "http" : "https", plainHttp ? settings.plainHttpPort() : -1);
    }

    /** Redirects are followed only to URLs the first request could have used: https (or the tests' http). */
    private static final class SchemeCheckingRedirects extends DefaultRedirectStrategy {

        private final boolean plainHttp;

        SchemeCheckingRedirects(boolean plainHttp) {
            this.plainHttp = plainHttp;
        }

        @Override
        public URI getLocationURI(HttpRequest request, HttpResponse response, HttpContext context)
                throws HttpException {
            URI location = super.getLocationURI(request, response, context);
            try {
                SchemeCheck.check(location, plainHttp);
            } catch (java.io.IOException e) {
                throw new org.apache.hc.core5.http.ProtocolException(e.getMessage(), e);
            }
            return location;
        }
    }
}
