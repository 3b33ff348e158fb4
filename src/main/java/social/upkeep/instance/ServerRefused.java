package social.upkeep.instance;

/**
 * Talking to a fediverse server did not give what was needed. {@code reason} is a message key
 * ({@code fediverse.refused.*} or {@code outbound.failure.*}) that says it in words an operator can act on;
 * the message never carries a token or secret.
 */
public class ServerRefused extends RuntimeException {

    private final String reason;

    public ServerRefused(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ServerRefused(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
