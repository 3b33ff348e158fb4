package social.upkeep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.junit.jupiter.api.Test;
import social.upkeep.expense.ExpenseCategories;
import social.upkeep.grant.GrantStatus;
import social.upkeep.ledger.EntryKind;
import social.upkeep.ledger.LedgerRefusal;
import social.upkeep.ledger.ManualIncome;
import social.upkeep.shared.InvalidAmount;
import social.upkeep.shared.Languages;

/** Every word a person reads comes from the message bundles, and every bundle has every key. */
class TranslationsTest {

    static final Path TEMPLATES = Path.of("templates");
    static final Path JAVA = Path.of("src/main/java");
    /** One bundle per language Upkeep offers: {@code messages} is English, the others carry their locale. */
    static final List<String> BUNDLES = Languages.SUPPORTED.stream()
            .map(locale -> locale.equals(Locale.ENGLISH) ? "messages" : "messages_" + locale).toList();
    static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)\\s*[,}]");
    /**
     * Values that stay as in English in every language: names, codes and formats. A value left in English for any
     * other reason fails {@link #everyTranslationIsTranslated}; a key whose translation happens to equal English in
     * one language is listed in {@code same-as-english.txt} with that language.
     */
    static final Pattern SAME_EVERYWHERE = Pattern.compile("language\\..*|.*\\.example|app\\.name|home\\.title"
            + "|format\\..*|software\\..*|income\\.source\\.(liberapay|open-collective|patreon|ko-fi)|books\\.stripe"
            + "|imports\\.mapping\\.date-format\\.iso");
    /** Attributes a person reads or hears (screen readers). */
    static final List<String> VISIBLE_ATTRIBUTES = List.of("placeholder", "title", "alt", "aria-label", "value");
    static final Pattern TEMPLATE_KEY = Pattern.compile("#\\{([A-Za-z0-9_.-]+)");
    static final Pattern LETTERS = Pattern.compile("\\p{L}");
    static final List<Pattern> JAVA_KEYS = List.of(
            Pattern.compile("rejectValue\\(\"[^\"]+\", \"([^\"]+)\""),
            Pattern.compile("getMessage\\(\"([^\"]+)\""),
            Pattern.compile("message = \"\\{([^}]+)}\""),
            Pattern.compile("Optional\\.of\\(\"([a-z]+\\.[a-z0-9.-]+)\"\\)"),
            Pattern.compile("addFlashAttribute\\(\"(?:notice|problem)\", \"([^\"]+)\""),
            Pattern.compile("new Refused\\(\"([^\"]+)\"\\)"));

    static Properties bundle(String name) throws IOException {
        var properties = new Properties();
        try (InputStream in = TranslationsTest.class.getResourceAsStream("/i18n/" + name + ".properties")) {
            assertThat(in).as(name).isNotNull();
            properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }

    static List<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void everyBundleHasTheSameKeysAndNoEmptyMessage() throws IOException {
        Set<String> english = bundle("messages").stringPropertyNames();
        for (String name : BUNDLES) {
            var properties = bundle(name);
            assertThat(properties.stringPropertyNames()).as(name).containsExactlyInAnyOrderElementsOf(english);
            properties.forEach((key, value) -> assertThat(value.toString()).as(name + ": " + key).isNotBlank());
        }
    }

    @Test
    void everyBundleIsALanguageOnOffer() throws IOException {
        List<String> files = files(Path.of("src/main/resources/i18n"), ".properties").stream()
                .map(path -> path.getFileName().toString().replace(".properties", "")).toList();
        assertThat(files).containsExactlyInAnyOrderElementsOf(BUNDLES);
    }

    /** The same arguments in every language, and each message one ICU can format (plurals with "other"). */
    @Test
    void placeholdersMatchEnglishAndEveryPatternParses() throws IOException {
        var english = bundle("messages");
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < BUNDLES.size(); i++) {
            var properties = bundle(BUNDLES.get(i));
            Locale locale = Languages.SUPPORTED.get(i);
            for (String key : english.stringPropertyNames()) {
                String value = properties.getProperty(key, "");
                Set<String> expected = arguments(english.getProperty(key));
                if (!arguments(value).equals(expected)) {
                    problems.add(BUNDLES.get(i) + ": " + key + " has arguments " + arguments(value) + ", English "
                            + expected);
                }
                if (!expected.isEmpty()) {
                    try {
                        new com.ibm.icu.text.MessageFormat(value, locale);
                    } catch (IllegalArgumentException e) {
                        problems.add(BUNDLES.get(i) + ": " + key + " does not parse: " + e.getMessage());
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /** A translation identical to the English text is a forgotten one, unless it is a name, a code or listed. */
    @Test
    void everyTranslationIsTranslated() throws IOException {
        var english = bundle("messages");
        Set<String> listed = new TreeSet<>();
        try (InputStream in = TranslationsTest.class.getResourceAsStream("/i18n-same-as-english.txt")) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(listed::add);
        }
        List<String> problems = new ArrayList<>();
        for (int i = 1; i < BUNDLES.size(); i++) {
            String language = Languages.SUPPORTED.get(i).toLanguageTag();
            var properties = bundle(BUNDLES.get(i));
            for (String key : english.stringPropertyNames()) {
                String value = properties.getProperty(key, "");
                boolean wordsLeft = LETTERS.matcher(ARGUMENT_OR_BRACES.matcher(value).replaceAll("")).find();
                if (value.equals(english.getProperty(key)) && wordsLeft && !SAME_EVERYWHERE.matcher(key).matches()
                        && !listed.contains(language + " " + key)) {
                    problems.add(language + " " + key + " = " + value);
                }
            }
        }
        assertThat(problems).as("left in English (list a name or code in i18n-same-as-english.txt)").isEmpty();
    }

    @Test
    void theUntranslatedCheckSeesEnglishButNotNames() {
        assertThat(LETTERS.matcher(ARGUMENT_OR_BRACES.matcher("{0} ({1})").replaceAll("")).find()).isFalse();
        assertThat(LETTERS.matcher(ARGUMENT_OR_BRACES.matcher("Back to {0}").replaceAll("")).find()).isTrue();
        assertThat(SAME_EVERYWHERE.matcher("language.ja").matches()).isTrue();
        assertThat(arguments("{0, plural, one{# day} other{# days}} since {2}")).containsExactly("0", "2");
    }

    static final Pattern ARGUMENT_OR_BRACES = Pattern.compile("\\{\\d+[^{}]*}|[{}#]");

    private static Set<String> arguments(String message) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = ARGUMENT.matcher(message);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    @Test
    void noBundleDefinesAKeyTwice() throws IOException {
        for (String name : BUNDLES) {
            List<String> keys = new ArrayList<>();
            try (InputStream in = TranslationsTest.class.getResourceAsStream("/i18n/" + name + ".properties")) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .filter(line -> line.contains("=") && !line.startsWith("#"))
                        .map(line -> line.substring(0, line.indexOf('=')))
                        .forEach(keys::add);
            }
            assertThat(keys).as(name).doesNotHaveDuplicates();
        }
    }

    @Test
    void everyKeyTheTemplatesAndCodeUseExists() throws IOException {
        Set<String> used = new TreeSet<>();
        for (Path template : files(TEMPLATES, ".html")) {
            collect(TEMPLATE_KEY, Files.readString(template), used);
        }
        for (Path source : files(JAVA, ".java")) {
            String code = Files.readString(source);
            JAVA_KEYS.forEach(pattern -> collect(pattern, code, used));
        }
        for (var reason : InvalidAmount.Reason.values()) {
            used.add(reason.messageKey());
        }
        for (var kind : EntryKind.values()) {
            used.add("ledger.kind." + kind);
        }
        for (var refusal : LedgerRefusal.Reason.values()) {
            used.add(refusal.messageKey());
        }
        for (var status : GrantStatus.values()) {
            used.add("grant.status." + status);
        }
        ManualIncome.SOURCES.forEach(source -> used.add("income.source." + source));
        ExpenseCategories.BUILT_IN.forEach(category -> used.add("expense.category." + category));
        for (String status : List.of("PENDING", "SENT", "FAILED", "NOT_SENT")) {
            used.add("outbox.status." + status);
        }
        assertThat(used).hasSizeGreaterThan(40);
        for (String name : BUNDLES) {
            assertThat(bundle(name).stringPropertyNames()).as(name).containsAll(used);
        }
    }

    @Test
    void templatesHaveNoTextOutsideMessageKeys() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path template : files(TEMPLATES, ".html")) {
            var document = Jsoup.parse(Files.readString(template));
            for (Element element : document.getAllElements()) {
                boolean replaced = element.hasAttr("th:text") || element.hasAttr("th:utext")
                        || element.hasAttr("th:errors") || element.hasAttr("th:replace") || element.hasAttr("th:insert");
                for (TextNode text : element.textNodes()) {
                    if (!replaced && LETTERS.matcher(text.text()).find()) {
                        problems.add(template + ": text \"" + text.text().strip() + "\" in <" + element.tagName() + ">");
                    }
                }
                for (String attribute : VISIBLE_ATTRIBUTES) {
                    if (element.hasAttr(attribute) && LETTERS.matcher(element.attr(attribute)).find()
                            && !(attribute.equals("value") && !isButton(element))) {
                        problems.add(template + ": " + attribute + "=\"" + element.attr(attribute) + "\"");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theCheckCatchesHardCodedText() {
        var document = Jsoup.parse("<main><p>Hello there</p><input type=submit value=Send></main>");
        var paragraph = document.selectFirst("p");
        assertThat(paragraph.textNodes()).anySatisfy(t -> assertThat(LETTERS.matcher(t.text()).find()).isTrue());
        assertThat(isButton(document.selectFirst("input"))).isTrue();
    }

    private static boolean isButton(Element element) {
        return element.tagName().equals("button")
                || (element.tagName().equals("input") && Set.of("submit", "button", "reset").contains(element.attr("type")));
    }

    private static void collect(Pattern pattern, String text, Set<String> into) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            // A key ending in a dot is a prefix completed at run time; the loops above list those.
            if (!matcher.group(1).endsWith(".")) {
                into.add(matcher.group(1));
            }
        }
    }
}
