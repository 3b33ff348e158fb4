package social.upkeep.posting.internal;

import java.util.List;

/** What a post is about, and the placeholders its wording may use. */
enum PostKind {
    MONTH_REPORT(List.of("server", "month", "income", "costs", "balance", "runway", "link")),
    GOAL_REACHED(List.of("server", "month", "covered", "goal", "link")),
    THANKS(List.of("server", "names", "link"));

    final List<String> placeholders;

    PostKind(List<String> placeholders) {
        this.placeholders = placeholders;
    }

    /** The placeholders as the page lists them: "{server}, {month}, …". */
    public String placeholderList() {
        return "{" + String.join("}, {", placeholders) + "}";
    }

    String messageKey() {
        return "posting.default." + name();
    }
}
