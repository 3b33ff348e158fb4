package social.upkeep.billing.internal;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What intake needs of an event: its id, type, mode, time and API version. Read with Jackson rather than the
 * SDK's full Gson model, since intake only stores the event; the worker reads the whole object later.
 */
record EventEnvelope(String id, String type, boolean livemode, long created, @Nullable String apiVersion) {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private record Raw(@Nullable String id, @Nullable String object, @Nullable String type,
            @Nullable Boolean livemode, @Nullable Long created, @Nullable String api_version) {
    }

    static Optional<EventEnvelope> read(byte[] body) {
        try {
            Raw raw = JSON.readValue(body, Raw.class);
            if (raw == null || raw.id() == null || !raw.id().startsWith("evt_") || !"event".equals(raw.object())
                    || raw.type() == null || raw.livemode() == null || raw.created() == null) {
                return Optional.empty();
            }
            return Optional.of(new EventEnvelope(raw.id(), raw.type(), raw.livemode(), raw.created(),
                    raw.api_version()));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }
}
