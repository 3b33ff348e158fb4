package social.upkeep.shared.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Map;
import org.apache.hc.client5.http.DnsResolver;
import social.upkeep.shared.OutboundRefused;

/**
 * Resolves a name and refuses it unless every address is public. The HTTP client connects to exactly the
 * addresses returned here, for every new connection, so a name cannot pass the check and then point elsewhere.
 */
final class AddressPolicy implements DnsResolver {

    private final boolean allowLoopback;
    private final Map<String, String> fixedHosts;

    AddressPolicy(boolean allowLoopback, Map<String, String> fixedHosts) {
        this.allowLoopback = allowLoopback;
        this.fixedHosts = fixedHosts;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        String fixed = fixedHosts.get(name.toLowerCase(java.util.Locale.ROOT));
        InetAddress[] addresses = fixed != null ? new InetAddress[] {InetAddress.getByName(fixed)}
                : InetAddress.getAllByName(name);
        for (InetAddress address : addresses) {
            if (!allowed(address)) {
                throw new OutboundRefused(host + " is not a public address");
            }
        }
        return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return resolve(host)[0].getCanonicalHostName();
    }

    boolean allowed(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return allowLoopback;
        }
        if (address.isAnyLocalAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return publicV4(bytes);
        }
        if (address instanceof Inet6Address) {
            return publicV6(bytes);
        }
        return false;
    }

    private static boolean publicV4(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return !(first == 0 || first == 10 || first == 127
                || (first == 100 && second >= 64 && second <= 127)     // carrier-grade NAT
                || (first == 169 && second == 254)                     // link-local, cloud metadata
                || (first == 172 && second >= 16 && second <= 31)
                || (first == 192 && second == 168)
                || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                || (first == 198 && (second == 18 || second == 19))    // benchmarking
                || first >= 224);                                      // multicast, reserved, broadcast
    }

    private static boolean publicV6(byte[] b) {
        int first = b[0] & 0xff;
        if ((first & 0xfe) == 0xfc) {
            return false; // unique local fc00::/7 (fd00::/8 included)
        }
        if (first == 0xfe && (b[1] & 0xc0) == 0x80) {
            return false; // link-local fe80::/10
        }
        if (first == 0x20 && (b[1] & 0xff) == 0x02) {
            return publicV4(Arrays.copyOfRange(b, 2, 6)); // 6to4 carries an IPv4 address
        }
        boolean nat64 = first == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        boolean compatible = Arrays.stream(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}).allMatch(i -> b[i] == 0);
        if (nat64 || compatible) {
            return publicV4(Arrays.copyOfRange(b, 12, 16));
        }
        return first != 0; // the rest of ::/8 is reserved
    }
}
