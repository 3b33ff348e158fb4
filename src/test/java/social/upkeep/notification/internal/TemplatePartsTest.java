package social.upkeep.notification.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each mail's head and footer, and each cell the roles page shows for a change, is written once: a change to the
 * footer (a new law about unsubscribing, say) or to how an answer is shown reaches every mail and every table.
 */
class TemplatePartsTest {

    static final Path MAIL = Path.of("templates/mail");

    @Test
    void everyHtmlMailTakesItsHeadAndFooterFromTheParts() throws IOException {
        for (Path mail : mails(".html")) {
            String html = Files.readString(mail);
            assertThat(html).as("%s", mail).contains("~{parts.html :: head(").doesNotContain("<meta charset");
            if (html.contains("unsubscribeUrl")) {
                assertThat(html).as("%s", mail).contains("~{parts.html :: footer(")
                        .doesNotContain("th:href=\"${unsubscribeUrl}\"", "font-size: smaller; color: #555");
            }
        }
    }

    @Test
    void everyTextMailTakesItsFooterFromThePart() throws IOException {
        for (Path mail : mails(".txt")) {
            String text = Files.readString(mail);
            assertThat(text).as("%s", mail).doesNotContain("[(${unsubscribeUrl})]");
        }
        assertThat(Files.readString(MAIL.resolve("footer.txt"))).contains("[(${unsubscribeUrl})]");
    }

    @Test
    void theRolesPageShowsEachChangeThroughTheSameCells() throws IOException {
        String page = Files.readString(Path.of("templates/rolesync/page.html"));
        assertThat(page).doesNotContain("${c.username}", "#{rolesync.grant(", "#{rolesync.remove(",
                "c.answer.matches(");
        assertThat(page.split("~\\{rolesync/cells :: ", -1)).hasSizeGreaterThan(10);
    }

    private static List<Path> mails(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(MAIL)) {
            return files.filter(file -> file.toString().endsWith(suffix))
                    .filter(file -> !List.of("parts.html", "footer.txt", "unsubscribe.html", "unsubscribe-invalid.html")
                            .contains(file.getFileName().toString()))
                    .sorted().toList();
        }
    }
}
