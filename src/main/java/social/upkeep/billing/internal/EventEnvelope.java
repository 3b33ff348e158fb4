package social.upkeep.billing.internal;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;

/**
 * What intake needs of an event: its id, type, mode, time and API version. Read as a stream of top-level fields,
 * skipping the object inside, since intake only stores the event; the worker reads the whole object later
 * (reading it fully here cost a tenth of each delivery, bench/webhooks.sh).
 */
record EventEnvelope(String id, String type, boolean livemode, long created, @Nullable String apiVersion) {

    private static final JsonFactory JSON = new JsonFactory();

    static Optional<EventEnvelope> read(byte[] body) {
        String id = null;
        String object = null;
        String type = null;
        Boolean livemode = null;
        Long created = null;
        String apiVersion = null;
        try (JsonParser parser = JSON.createParser(tools.jackson.core.ObjectReadContext.empty(), body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "id" -> id = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                    case "object" -> object = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                    case "type" -> type = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                    case "livemode" -> livemode = value.isBoolean() ? parser.getBooleanValue() : null;
                    case "created" -> created = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : null;
                    case "api_version" -> apiVersion = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return Optional.empty();
            }
        } catch (JacksonException e) {
            return Optional.empty();
        }
        if (id == null || !id.startsWith("evt_") || !"event".equals(object) || type == null || livemode == null
                || created == null) {
            return Optional.empty();
        }
        return Optional.of(new EventEnvelope(id, type, livemode, created, apiVersion));
    }
}
