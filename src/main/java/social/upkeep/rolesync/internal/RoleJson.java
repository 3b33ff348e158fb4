package social.upkeep.rolesync.internal;

import java.util.Map;
import social.upkeep.instance.AdminAnswer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading servers' JSON answers and writing request bodies. */
final class RoleJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RoleJson() {
    }

    static JsonNode read(AdminAnswer answer) {
        try {
            return JSON.readTree(answer.body());
        } catch (JacksonException e) {
            throw new RateGate.Unavailable("HTTP " + answer.status() + ": not JSON");
        }
    }

    static String write(Map<String, ?> body) {
        return JSON.writeValueAsString(body);
    }
}
