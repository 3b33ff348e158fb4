package social.upkeep.rolesync.internal;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A server's role sync settings and where its runs stand. */
record SyncSettings(long instanceId, boolean enabled, Writer writer, @Nullable String grantCommand,
        @Nullable String removeCommand, double safetyShare, boolean dirty, @Nullable Instant pausedUntil,
        @Nullable Instant lastRunAt, @Nullable Instant nextRunAt, int failures, @Nullable String lastError,
        boolean showOutput) {

    /** How changes reach the server. */
    enum Writer { COMMAND, MANUAL, API }

    static SyncSettings defaults(long instanceId) {
        return new SyncSettings(instanceId, false, Writer.MANUAL, null, null, 0.2, false, null, null, null, 0, null,
                false);
    }
}
