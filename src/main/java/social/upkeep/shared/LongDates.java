package social.upkeep.shared;

import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/**
 * A day written out as people read it in their language: "27 November 2026" in English (the pages' own style, not
 * the US "November 27, 2026"), "27. November 2026" in German, and each other language's long form from CLDR.
 * Templates use the same patterns through the {@code format.date} message.
 */
public final class LongDates {

    private static final DateTimeFormatter ENGLISH = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    private LongDates() {
    }

    public static DateTimeFormatter in(Locale locale) {
        return "en".equals(locale.getLanguage()) ? ENGLISH
                : DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale);
    }
}
