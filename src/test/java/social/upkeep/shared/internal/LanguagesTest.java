package social.upkeep.shared.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.context.MessageSource;
import social.upkeep.shared.Languages;
import social.upkeep.shared.LongDates;
import social.upkeep.shared.Money;
import social.upkeep.shared.MoneyFormat;

/** Each language counts, writes dates and places currency symbols its own way. */
class LanguagesTest {

    static final LocalDate DAY = LocalDate.of(2048, 4, 14);
    final MessageSource messages = new WebConfig().messageSource();

    static Locale locale(String tag) {
        return Locale.forLanguageTag(tag);
    }

    /** Java puts no-break spaces (U+00A0, U+202F) where a line must not break; compare as plain spaces. */
    static String plain(String text) {
        return text.replace('\u00a0', ' ').replace('\u202f', ' ');
    }

    @Test
    void pluralsFollowEachLanguagesRules() {
        // English: 0 is plural. French: 0 and 1 are singular. Japanese: one form for every count.
        assertThat(messages.getMessage("stripe.event.gave-up", new Object[] {0}, Locale.ENGLISH))
                .isEqualTo("Stopped after 0 tries");
        assertThat(messages.getMessage("stripe.event.gave-up", new Object[] {1}, Locale.ENGLISH))
                .isEqualTo("Stopped after 1 try");
        assertThat(messages.getMessage("stripe.event.gave-up", new Object[] {0}, Locale.FRENCH))
                .isEqualTo("Arrêté après 0 essai");
        assertThat(messages.getMessage("stripe.event.gave-up", new Object[] {1}, Locale.FRENCH))
                .isEqualTo("Arrêté après 1 essai");
        assertThat(messages.getMessage("stripe.event.gave-up", new Object[] {2}, Locale.FRENCH))
                .isEqualTo("Arrêté après 2 essais");
        assertThat(messages.getMessage("stripe.event.gave-up", new Object[] {1}, Locale.JAPANESE))
                .isEqualTo("1 回試行して停止");
        assertThat(messages.getMessage("stripe.event.gave-up", new Object[] {5}, Locale.JAPANESE))
                .isEqualTo("5 回試行して停止");
        assertThat(messages.getMessage("public.support.places", new Object[] {1}, locale("nl")))
                .isEqualTo("nog 1 plaats");
        assertThat(messages.getMessage("public.support.places", new Object[] {1_500}, locale("de")))
                .isEqualTo("1.500 Plätze frei");
        assertThat(messages.getMessage("public.support.places", new Object[] {1_500}, locale("pt-BR")))
                .isEqualTo("1.500 vagas restantes");
    }

    @Test
    void daysAndMonthsGivenAsArgumentsAreWrittenInTheReadersLanguage() {
        assertThat(messages.getMessage("expense.voided-on", new Object[] {DAY}, Locale.FRENCH))
                .isEqualTo("Annulée le 14 avril 2048");
        assertThat(messages.getMessage("expense.voided-on", new Object[] {DAY}, Locale.ENGLISH))
                .isEqualTo("Voided on 14 April 2048");
        assertThat(messages.getMessage("public.as-of", new Object[] {DAY, "example.social"}, Locale.JAPANESE))
                .startsWith("2048年4月14日 時点");
        assertThat(messages.getMessage("imports.month.closed", new Object[] {YearMonth.of(2048, 4)}, Locale.ITALIAN))
                .isEqualTo("aprile 2048 (chiuso)");
        assertThat(messages.getMessage("imports.month.closed", new Object[] {YearMonth.of(2048, 4)}, Locale.JAPANESE))
                .isEqualTo("2048年4月（締め済み）");
    }

    @Test
    void datesAreWrittenAsEachLanguageWritesThem() {
        assertThat(LongDates.in(Locale.ENGLISH).format(DAY)).isEqualTo("14 April 2048");
        assertThat(LongDates.in(Locale.FRENCH).format(DAY)).isEqualTo("14 avril 2048");
        assertThat(LongDates.in(Locale.JAPANESE).format(DAY)).isEqualTo("2048年4月14日");
        assertThat(LongDates.in(locale("nl")).format(DAY)).isEqualTo("14 april 2048");
        // The pages' own patterns (format.date) say the same.
        assertThat(pageDate("fr")).isEqualTo("14 avril 2048");
        assertThat(pageDate("ja")).isEqualTo("2048年4月14日");
        assertThat(pageDate("es")).isEqualTo("14 de abril de 2048");
        assertThat(pageDate("pt-BR")).isEqualTo("14 de abril de 2048");
        assertThat(pageDate("it")).isEqualTo("14 aprile 2048");
        assertThat(pageDate("nl")).isEqualTo("14 april 2048");
        assertThat(pageDate("de")).isEqualTo("14. April 2048");
    }

    @Test
    void monthsAreNamedAsEachLanguageNamesThem() {
        YearMonth april = YearMonth.of(2048, 4);
        assertThat(LongDates.month(Locale.JAPANESE).format(april)).isEqualTo("2048年4月");
        assertThat(LongDates.month(locale("es")).format(april)).isEqualTo("abril de 2048");
        assertThat(LongDates.month(Locale.ENGLISH).format(april)).isEqualTo("April 2048");
        for (String tag : Languages.tags()) {
            String pattern = messages.getMessage("format.month", null, locale(tag));
            assertThat(DateTimeFormatter.ofPattern(pattern, locale(tag)).format(april)).as("the pages' month in " + tag)
                    .isEqualTo(LongDates.month(locale(tag)).format(april));
        }
    }

    private String pageDate(String tag) {
        String pattern = messages.getMessage("format.date", null, locale(tag));
        return DateTimeFormatter.ofPattern(pattern, locale(tag)).format(DAY);
    }

    @Test
    void amountsPlaceTheSymbolAsEachLanguageDoes() {
        Money amount = Money.of(1_234_50, "EUR");
        assertThat(plain(MoneyFormat.format(amount, locale("nl")))).isEqualTo("€ 1.234,50");
        assertThat(plain(MoneyFormat.format(amount, Locale.FRENCH))).isEqualTo("1 234,50 €");
        assertThat(plain(MoneyFormat.format(amount, Locale.GERMAN))).isEqualTo("1.234,50 €");
        assertThat(plain(MoneyFormat.format(amount, Locale.ENGLISH))).isEqualTo("€1,234.50");
        assertThat(plain(MoneyFormat.format(amount, Locale.JAPANESE))).isEqualTo("€1,234.50");
        assertThat(plain(MoneyFormat.format(Money.of(1_234, "JPY"), Locale.JAPANESE))).isEqualTo("￥1,234");
        assertThat(plain(MoneyFormat.format(amount, locale("pt-BR")))).isEqualTo("€ 1.234,50");
    }

    @Test
    void everyLanguageIsOfferedInItsOwnName() {
        assertThat(Languages.tags()).containsExactly("en", "de", "fr", "es", "ja", "it", "pt-BR", "nl");
        for (String tag : Languages.tags()) {
            String own = messages.getMessage("language." + tag, null, locale(tag));
            for (String other : Languages.tags()) {
                assertThat(messages.getMessage("language." + tag, null, locale(other))).as(tag + " in " + other)
                        .isEqualTo(own);
            }
        }
        assertThat(messages.getMessage("language.ja", null, Locale.ENGLISH)).isEqualTo("日本語");
    }
}
