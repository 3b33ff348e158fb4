package social.upkeep.shared;

import java.net.UnknownHostException;

/**
 * Upkeep will not talk to this address: it is not a public one (loopback, private, link-local, metadata ...) or
 * the URL is not https. Thrown before any byte is sent; an {@link UnknownHostException} so the HTTP client's
 * address lookup can throw it.
 */
public class OutboundRefused extends UnknownHostException {

    public OutboundRefused(String message) {
        super(message);
    }
}
