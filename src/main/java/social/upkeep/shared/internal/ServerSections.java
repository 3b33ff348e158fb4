package social.upkeep.shared.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The sections of one server's operator pages, for the navigation every such page shows (layout.html), with the
 * section the page belongs to marked. Sub-pages (a tier's form, a month's closing) keep their section.
 */
@ControllerAdvice
class ServerSections {

    /** One entry of the navigation: its message key, where it leads, and whether the page is in it. */
    record Section(String label, String href, boolean current) {
    }

    private static final Pattern SERVER_PAGE = Pattern.compile("^/operator/servers/(\\d{1,18})(?:/([a-z.-]+))?.*$");

    /** Section path → message key; the first path of each group is where the entry leads. */
    private static final List<Map.Entry<String, List<String>>> SECTIONS = List.of(
            Map.entry("nav.server.overview", List.of("", "close", "ledger", "income", "imports")),
            Map.entry("books.expenses", List.of("expenses", "recurring", "categories")),
            Map.entry("books.grants", List.of("grants")),
            Map.entry("books.tiers", List.of("tiers", "donations")),
            Map.entry("books.members", List.of("members", "members.csv")),
            Map.entry("books.stripe", List.of("stripe")),
            Map.entry("books.roles", List.of("roles")),
            Map.entry("books.alerts", List.of("alerts")),
            Map.entry("books.privacy", List.of("privacy")),
            Map.entry("books.connection", List.of("connection", "notices", "posting")),
            Map.entry("books.edit", List.of("edit", "look")));

    @ModelAttribute("serverSections")
    @Nullable List<Section> serverSections(HttpServletRequest request) {
        var page = SERVER_PAGE.matcher(request.getRequestURI().substring(request.getContextPath().length()));
        if (!page.matches()) {
            return null;
        }
        String base = request.getContextPath() + "/operator/servers/" + page.group(1);
        String here = page.group(2) == null ? "" : page.group(2);
        return SECTIONS.stream().map(section -> {
            String first = section.getValue().get(0);
            return new Section(section.getKey(), first.isEmpty() ? base : base + "/" + first,
                    section.getValue().contains(here));
        }).toList();
    }
}
