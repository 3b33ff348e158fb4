package social.upkeep.posting.internal;

import java.util.List;
import java.util.Locale;
import social.upkeep.shared.Languages;
import social.upkeep.instance.NoticeAccounts.Visibility;

/** A server's posting: switched on or not, which kinds, in which language, how visible, with which hashtags. */
record PostingSettings(boolean enabled, boolean monthReport, boolean goalReached, boolean thanks, String language,
        Visibility visibility, String hashtags) {

    static final List<String> LANGUAGES = Languages.tags();
    static final PostingSettings DEFAULTS = new PostingSettings(false, true, true, true, "en", Visibility.UNLISTED, "");

    boolean wants(PostKind kind) {
        return enabled && switch (kind) {
            case MONTH_REPORT -> monthReport;
            case GOAL_REACHED -> goalReached;
            case THANKS -> thanks;
        };
    }

    Locale locale() {
        return Locale.forLanguageTag(language);
    }
}
