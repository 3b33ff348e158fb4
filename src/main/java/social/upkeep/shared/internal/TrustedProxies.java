package social.upkeep.shared.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.catalina.valves.RemoteIpValve;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} Upkeep believes: only the proxies the deployment
 * names in {@code UPKEEP_TRUSTED_PROXIES} (exact addresses, or IPv4 networks ending on an octet: /8, /16, /24).
 * Tomcat's own default trusts every private and loopback peer, which lets anyone who reaches the app from such an
 * address (a published container port, a pod network) choose the address the password throttle counts.
 */
@Component
class TrustedProxies implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private final String pattern;

    TrustedProxies(@Value("${upkeep.trusted-proxies:}") String proxies) {
        this.pattern = pattern(proxies);
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        // Runs after Spring Boot's customiser, which adds the valve with Tomcat's defaults.
        factory.getEngineValves().stream().filter(RemoteIpValve.class::isInstance).map(RemoteIpValve.class::cast)
                .forEach(valve -> {
                    valve.setInternalProxies(pattern);
                    valve.setTrustedProxies("");
                });
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** The valve's pattern for a comma-separated list; an empty pattern trusts nobody. */
    static String pattern(String proxies) {
        List<String> alternatives = new ArrayList<>();
        for (String entry : proxies.split("[,\\s]+")) {
            if (!entry.isBlank()) {
                alternatives.add(alternative(entry.strip()));
            }
        }
        return String.join("|", alternatives);
    }

    private static String alternative(String entry) {
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        InetAddress parsed = parse(address, entry);
        if (slash < 0) {
            // Tomcat compares the peer's address as the connector prints it.
            return Pattern.quote(parsed.getHostAddress());
        }
        int bits;
        try {
            bits = Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw invalid(entry);
        }
        byte[] bytes = parsed.getAddress();
        if (bytes.length != 4 || bits % 8 != 0 || bits < 8 || bits > 32) {
            throw invalid(entry);
        }
        StringBuilder regex = new StringBuilder();
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                regex.append("\\.");
            }
            regex.append(octet < bits / 8 ? String.valueOf(bytes[octet] & 0xff) : "\\d{1,3}");
        }
        return regex.toString();
    }

    private static InetAddress parse(String address, String entry) {
        // Literal addresses only: a name here would be looked up once and trusted for ever.
        if (!address.matches("[0-9.]+|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*")) {
            throw invalid(entry);
        }
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw invalid(entry);
        }
    }

    private static IllegalArgumentException invalid(String entry) {
        return new IllegalArgumentException("UPKEEP_TRUSTED_PROXIES: '" + entry
                + "' is not an IP address or an IPv4 network ending on an octet (/8, /16, /24, /32)");
    }
}
