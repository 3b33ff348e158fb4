package social.upkeep.shared;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * A server's setup checklist and to-dos, gathered from every module's {@link ServerCheck} and said in the reader's
 * language, plus one check only the request can answer: whether {@code UPKEEP_BASE_URL} still names localhost
 * while people reach Upkeep elsewhere (links in mail and Stripe's return addresses would lead nowhere).
 */
@Component
public class ServerChecklist {

    /** One line as the page shows it. */
    public record Line(String text, boolean done, @Nullable String path) {
    }

    /** The setup steps (done or not) and the to-dos (only those there are). */
    public record Checklist(List<Line> setup, List<Line> toDos) {

        public long setupDone() {
            return setup.stream().filter(Line::done).count();
        }

        public boolean setUp() {
            return setupDone() == setup.size();
        }
    }

    private final List<ServerCheck> checks;
    private final MessageSource messages;
    private final String baseUrl;

    ServerChecklist(List<ServerCheck> checks, MessageSource messages, @Value("${upkeep.base-url}") String baseUrl) {
        this.checks = checks;
        this.messages = messages;
        this.baseUrl = baseUrl;
    }

    public Checklist of(long serverId, Locale locale, String requestHost) {
        var items = new ArrayList<ServerCheck.Item>();
        checks.forEach(check -> items.addAll(check.check(serverId)));
        items.add(ServerCheck.Item.setup(50, "checklist.base-url", !localOnly(requestHost), null));
        items.sort(Comparator.comparingInt(ServerCheck.Item::order));
        return new Checklist(lines(items, true, locale), lines(items, false, locale));
    }

    /** The base URL names this machine only, while the request came from another name. */
    boolean localOnly(String requestHost) {
        String host = baseUrl.isBlank() ? null : URI.create(baseUrl).getHost();
        return host != null && isLocal(host) && !isLocal(requestHost);
    }

    private static boolean isLocal(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    private List<Line> lines(List<ServerCheck.Item> items, boolean setup, Locale locale) {
        return items.stream().filter(item -> item.setup() == setup)
                .map(item -> new Line(messages.getMessage(item.key(), item.args().toArray(), locale), item.done(),
                        item.path()))
                .toList();
    }

}
