package social.upkeep.shared;

import java.util.List;
import java.util.Locale;

/**
 * The languages Upkeep speaks, each with a complete message bundle. The first is the fallback. The switcher lists
 * them in this order, each in its own name.
 */
public final class Languages {

    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.GERMAN, Locale.FRENCH,
            Locale.forLanguageTag("es"), Locale.JAPANESE, Locale.ITALIAN, Locale.forLanguageTag("pt-BR"),
            Locale.forLanguageTag("nl"));

    private Languages() {
    }

    /** BCP 47 tags ("en", "pt-BR"), as the switcher's links and the posting settings use them. */
    public static List<String> tags() {
        return SUPPORTED.stream().map(Locale::toLanguageTag).toList();
    }

    public static boolean supported(Locale locale) {
        return SUPPORTED.contains(locale);
    }
}
