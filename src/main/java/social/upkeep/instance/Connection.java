package social.upkeep.instance;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** How a server is connected to Upkeep, as the operator page shows it. Never carries the token itself. */
public record Connection(long instanceId, State state, Software software, @Nullable String softwareVersion,
        @Nullable String tokenScopes, @Nullable String adminUsername, @Nullable Instant connectedAt,
        @Nullable Instant lastSuccessAt, @Nullable String lastError, @Nullable Instant lastErrorAt) {

    public enum State { CONNECTED, DISCONNECTED, FAILING }

    public boolean usable() {
        return state != State.DISCONNECTED;
    }
}
