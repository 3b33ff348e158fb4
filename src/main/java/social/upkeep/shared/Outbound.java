package social.upkeep.shared;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.UnknownHostException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/**
 * The one way Upkeep reaches a host someone typed (a fediverse server, its WebFinger, its OAuth endpoints):
 * https only, public addresses only (checked on every connection and redirect, so DNS rebinding finds nothing
 * to turn), bounded in time and size, and saying who it is.
 */
public final class Outbound {

    private final RestClient client;
    private final String scheme;
    private final int port;

    public Outbound(RestClient client, String scheme, int port) {
        this.client = client;
        this.scheme = scheme;
        this.port = port;
    }

    public RestClient client() {
        return client;
    }

    /** Where a host's API lives: {@code https://host}; tests reach their stubs over plain http on one port. */
    public URI origin(String host) {
        return URI.create(port < 0 ? scheme + "://" + host : scheme + "://" + host + ":" + port);
    }

    /** What went wrong with a call, in words an operator can act on (never the request or its secrets). */
    public static Failure classify(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutboundRefused) {
                return Failure.REFUSED_ADDRESS;
            }
            if (cause instanceof ResponseTooLarge) {
                return Failure.TOO_LARGE;
            }
            if (cause instanceof InterruptedIOException) {
                return Failure.TIMEOUT;
            }
            if (cause instanceof UnknownHostException) {
                return Failure.UNKNOWN_HOST;
            }
            if (cause instanceof RestClientResponseException response) {
                int status = response.getStatusCode().value();
                return status == 401 || status == 403 ? Failure.UNAUTHORISED
                        : status >= 500 ? Failure.SERVER_ERROR : Failure.REJECTED;
            }
            if (cause instanceof java.net.ConnectException) {
                return Failure.UNREACHABLE;
            }
        }
        return Failure.UNREADABLE;
    }

    /** Kinds of failure, each with a message key {@code outbound.failure.<name>}. */
    public enum Failure {
        REFUSED_ADDRESS, TOO_LARGE, TIMEOUT, UNKNOWN_HOST, UNREACHABLE, UNAUTHORISED, SERVER_ERROR, REJECTED,
        UNREADABLE;

        public String messageKey() {
            return "outbound.failure." + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** The answer was larger than Upkeep accepts. */
    public static final class ResponseTooLarge extends IOException {
        public ResponseTooLarge(String message) {
            super(message);
        }
    }

    /** The whole call took longer than Upkeep allows; the connection was dropped. */
    public static final class ResponseTooSlow extends InterruptedIOException {
        public ResponseTooSlow(String message) {
            super(message);
        }
    }
}
