package social.upkeep.shared;

import com.ibm.icu.text.DateTimePatternGenerator;
import com.ibm.icu.util.ULocale;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A day written out as people read it in their language: "27 November 2026" in English (the pages' own style, not
 * the US "November 27, 2026"), "27. November 2026" in German, and each other language's long form from CLDR.
 * Templates use the same patterns through the {@code format.date} and {@code format.month} messages.
 */
public final class LongDates {

    private static final DateTimeFormatter ENGLISH = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
    private static final Map<Locale, DateTimeFormatter> MONTHS = new ConcurrentHashMap<>();

    private LongDates() {
    }

    /** A month as the language names it: "April 2048", "abril de 2048", "2048年4月" (CLDR's year-and-month form). */
    public static DateTimeFormatter month(Locale locale) {
        return MONTHS.computeIfAbsent(locale, l -> DateTimeFormatter.ofPattern(
                DateTimePatternGenerator.getInstance(ULocale.forLocale(l)).getBestPattern("yMMMM"), l));
    }

    public static DateTimeFormatter in(Locale locale) {
        return "en".equals(locale.getLanguage()) ? ENGLISH
                : DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale);
    }
}
