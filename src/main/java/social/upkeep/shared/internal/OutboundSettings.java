package social.upkeep.shared.internal;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits for calls to hosts people type. {@code allowLoopback}, {@code plainHttpPort} and {@code hosts} (names
 * answered without DNS, still checked against the address rules) exist for tests, which run their stub servers
 * on loopback over plain http; the prod profile refuses to start with any of them set.
 */
@ConfigurationProperties("upkeep.outbound")
record OutboundSettings(@DefaultValue("false") boolean allowLoopback, @Nullable Integer plainHttpPort,
        @DefaultValue("5s") Duration connectTimeout, @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("20s") Duration totalTimeout, @DefaultValue("1048576") long maxBytes,
        @DefaultValue Map<String, String> hosts) {
}
