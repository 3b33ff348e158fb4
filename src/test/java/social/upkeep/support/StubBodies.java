package social.upkeep.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Stub response bodies from {@code src/test/resources}, with their {@code @PLACEHOLDERS@} filled in. */
final class StubBodies {

    private StubBodies() {
    }

    static String load(String path, Map<String, String> values) {
        try (InputStream in = StubBodies.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("No stub body " + path);
            }
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (var value : values.entrySet()) {
                body = body.replace(value.getKey(), value.getValue());
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
