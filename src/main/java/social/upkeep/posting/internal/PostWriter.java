package social.upkeep.posting.internal;

import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import social.upkeep.instance.Instance;
import social.upkeep.ledger.ClosedMonth;
import social.upkeep.shared.LongDates;
import social.upkeep.shared.Money;
import social.upkeep.shared.MoneyFormat;
import social.upkeep.shared.PublicUrls;
import social.upkeep.transparency.FundingGlance;

/**
 * Writes a post from its wording (the operator's, else Upkeep's default in the posting language) by filling in
 * placeholders such as {@code {income}}, and adds the hashtags. The wording is plain text: whatever it holds is
 * posted as written, and only the kind's own placeholders are allowed.
 */
@Component
class PostWriter {

    static final int MAX_WORDING = 450;
    static final int MAX_HASHTAGS = 5;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");
    private static final Pattern HASHTAG = Pattern.compile("[\\p{L}\\p{N}_]{1,50}");

    private final MessageSource messages;
    private final PostStore store;
    private final PublicUrls urls;
    private final Clock clock;

    PostWriter(MessageSource messages, PostStore store, PublicUrls urls, Clock clock) {
        this.messages = messages;
        this.store = store;
        this.urls = urls;
        this.clock = clock;
    }

    String wording(long instanceId, PostKind kind, String language) {
        return store.template(instanceId, kind, language)
                .orElseGet(() -> messages.getMessage(kind.messageKey(), null, Locale.forLanguageTag(language)));
    }

    /** The message key of what is wrong with an operator's wording, or null. */
    static @Nullable String problem(PostKind kind, String wording) {
        if (wording.isBlank()) {
            return "posting.wording.empty";
        }
        if (wording.length() > MAX_WORDING) {
            return "posting.wording.too-long";
        }
        Matcher placeholder = PLACEHOLDER.matcher(wording);
        while (placeholder.find()) {
            if (!kind.placeholders.contains(placeholder.group(1))) {
                return "posting.wording.unknown-placeholder";
            }
        }
        return null;
    }

    /** The hashtags as they are posted ("#fediverse #funding"), or null when one is not a hashtag. */
    static @Nullable String hashtags(String typed) {
        List<String> tags = new ArrayList<>();
        for (String word : typed.strip().split("[\\s,]+")) {
            String tag = word.startsWith("#") ? word.substring(1) : word;
            if (tag.isEmpty()) {
                continue;
            }
            if (!HASHTAG.matcher(tag).matches()) {
                return null;
            }
            tags.add("#" + tag);
        }
        return tags.size() > MAX_HASHTAGS ? null : String.join(" ", tags);
    }

    String monthReport(Instance server, PostingSettings settings, ClosedMonth month, FundingGlance.Glance glance) {
        Locale locale = settings.locale();
        Map<String, String> values = base(server);
        values.put("month", month.month().format(LongDates.month(locale)));
        values.put("income", MoneyFormat.format(month.income(), locale));
        values.put("costs", MoneyFormat.format(month.costs(), locale));
        values.put("balance", MoneyFormat.format(month.balance(), locale));
        values.put("runway", runway(glance, locale));
        return write(server.id(), PostKind.MONTH_REPORT, settings, values);
    }

    String goalReached(Instance server, PostingSettings settings, YearMonth month, FundingGlance.Glance glance) {
        Locale locale = settings.locale();
        Map<String, String> values = base(server);
        values.put("month", month.format(LongDates.month(locale)));
        values.put("covered", MoneyFormat.format(glance.covered(), locale));
        values.put("goal", glance.goal() == null ? "" : MoneyFormat.format(glance.goal(), locale));
        return write(server.id(), PostKind.GOAL_REACHED, settings, values);
    }

    String thanks(Instance server, PostingSettings settings, List<String> names) {
        Map<String, String> values = base(server);
        values.put("names", String.join(", ", names));
        return write(server.id(), PostKind.THANKS, settings, values);
    }

    /** What a kind's post would say now, with example figures where there are none yet. */
    String preview(Instance server, PostingSettings settings, PostKind kind, FundingGlance.Glance glance,
            @Nullable ClosedMonth lastClosed) {
        Money zero = Money.zero(server.currency());
        return switch (kind) {
            case MONTH_REPORT -> monthReport(server, settings, lastClosed != null ? lastClosed
                    : new ClosedMonth(server.currentMonth(clock).minusMonths(1), zero, zero, zero, glance.balance(),
                            clock.instant()), glance);
            case GOAL_REACHED -> goalReached(server, settings, server.currentMonth(clock), glance);
            case THANKS -> thanks(server, settings, List.of("@ada@" + server.host(), "Bea"));
        };
    }

    private Map<String, String> base(Instance server) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("server", server.displayName());
        values.put("link", urls.of("/servers/" + server.host()).toString());
        return values;
    }

    private String runway(FundingGlance.Glance glance, Locale locale) {
        Object[] args = glance.fundedUntil() == null ? null
                : new Object[] {glance.fundedUntil().format(LongDates.in(locale))};
        return messages.getMessage("posting.runway." + glance.runway(), args, locale);
    }

    private String write(long instanceId, PostKind kind, PostingSettings settings, Map<String, String> values) {
        Matcher placeholder = PLACEHOLDER.matcher(wording(instanceId, kind, settings.language()));
        StringBuilder text = new StringBuilder();
        while (placeholder.find()) {
            placeholder.appendReplacement(text, Matcher.quoteReplacement(
                    values.getOrDefault(placeholder.group(1), placeholder.group())));
        }
        placeholder.appendTail(text);
        String tags = settings.hashtags();
        return tags.isBlank() ? text.toString() : text + "\n\n" + tags;
    }
}
