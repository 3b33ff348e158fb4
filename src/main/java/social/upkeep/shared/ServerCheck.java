package social.upkeep.shared;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one module knows an operator should set up, or do now, on one server. The dashboard asks every module's
 * check and lists the answers, each linking where it is done; a module adds a check without the dashboard knowing it.
 */
public interface ServerCheck {

    List<Item> check(long serverId);

    /**
     * One line of the dashboard.
     *
     * @param setup whether it is a setup step (listed done or not) or a to-do (listed only while there is one)
     * @param key   the message saying it, with its arguments
     * @param path  where it is done, or null when it is done outside Upkeep (an environment variable)
     * @param order where it comes in the list
     */
    record Item(boolean setup, int order, String key, List<Object> args, boolean done, @Nullable String path) {

        public static Item setup(int order, String key, boolean done, @Nullable String path) {
            return new Item(true, order, key, List.of(), done, path);
        }

        public static Item toDo(int order, String key, List<Object> args, String path) {
            return new Item(false, order, key, args, false, path);
        }
    }
}
