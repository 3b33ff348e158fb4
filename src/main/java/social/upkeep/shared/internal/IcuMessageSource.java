package social.upkeep.shared.internal;

import com.ibm.icu.text.MessageFormat;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.context.support.ResourceBundleMessageSource;
import social.upkeep.shared.LongDates;
import social.upkeep.shared.Money;
import social.upkeep.shared.MoneyFormat;

/**
 * The message bundles, formatted with ICU's MessageFormat instead of the JDK's: {@code {0, plural, one {# day}
 * other {# days}}} follows each language's own plural rules from CLDR (Japanese has one form, French counts 0 as
 * singular, Polish would have four), which the JDK's {@code choice} cannot express. Messages without arguments are
 * returned as written, as Spring does.
 */
class IcuMessageSource extends ResourceBundleMessageSource {

    /** Parsing a pattern is the costly part and a page formats hundreds; ICU formats are cloned, not shared. */
    private final Map<Locale, Map<String, MessageFormat>> formats = new ConcurrentHashMap<>();

    @Override
    protected @Nullable String getMessageInternal(@Nullable String code, Object @Nullable [] args,
            @Nullable Locale locale) {
        if (code == null || args == null || args.length == 0) {
            return super.getMessageInternal(code, args, locale);
        }
        Locale in = locale != null ? locale : Locale.ENGLISH;
        String pattern = resolveCodeWithoutArguments(code, in);
        if (pattern == null) {
            return super.getMessageInternal(code, args, locale);
        }
        return format(pattern, resolveArguments(args, in), in);
    }

    /** Default messages with arguments go the same way. */
    @Override
    protected String formatMessage(String message, Object @Nullable [] args, Locale locale) {
        return args == null || args.length == 0 ? message : format(message, resolveArguments(args, locale), locale);
    }

    /**
     * A day, a month or an amount given as an argument is written as the reader's language writes it ("14 avril
     * 2048", "2048年4月14日", "avril 2048", "1 234,50 €"); ICU on its own would print java.time values as a short
     * US-style timestamp and Money by its toString. Counts stay numbers for the plurals.
     */
    private static Object readable(Object argument, Locale locale) {
        if (argument instanceof LocalDate day) {
            return LongDates.in(locale).format(day);
        }
        if (argument instanceof YearMonth month) {
            return LongDates.month(locale).format(month);
        }
        if (argument instanceof Money money) {
            return MoneyFormat.format(money, locale);
        }
        return argument instanceof TemporalAccessor other ? other.toString() : argument;
    }

    private String format(String pattern, Object[] args, Locale locale) {
        Object[] plain = args.clone();
        for (int i = 0; i < plain.length; i++) {
            plain[i] = readable(plain[i], locale);
        }
        MessageFormat prototype = formats.computeIfAbsent(locale, l -> new ConcurrentHashMap<>())
                .computeIfAbsent(pattern, p -> new MessageFormat(p, locale));
        return ((MessageFormat) prototype.clone()).format(plain);
    }
}
