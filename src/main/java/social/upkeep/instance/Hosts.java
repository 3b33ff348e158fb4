package social.upkeep.instance;

import java.util.Locale;
import java.util.regex.Pattern;

/** Host names as people type them: for a server's profile and for signing in from a server. */
public final class Hosts {

    private static final Pattern HOST = Pattern.compile(
            "^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$");

    private Hosts() {
    }

    /** "https://Example.Social/about" → "example.social": what people paste is a URL as often as a host. */
    public static String normalise(String input) {
        String host = input.strip().toLowerCase(Locale.ROOT).replaceFirst("^https?://", "");
        int slash = host.indexOf('/');
        return slash >= 0 ? host.substring(0, slash) : host;
    }

    /** A public DNS name with a letter TLD: no IP addresses, ports or single labels. */
    public static boolean valid(String host) {
        return HOST.matcher(host).matches();
    }
}
