package social.upkeep.transparency.internal;

import org.springframework.web.util.HtmlUtils;

/** A small SVG badge, "costs covered this month | 82 %", to put on the server's about page. */
final class Badge {

    private Badge() {
    }

    static String svg(String label, String value) {
        int labelWidth = 8 + label.length() * 6;
        int valueWidth = 12 + value.length() * 7;
        int width = labelWidth + valueWidth;
        String l = HtmlUtils.htmlEscape(label, "UTF-8");
        String v = HtmlUtils.htmlEscape(value, "UTF-8");
        return """
                <svg xmlns="http://www.w3.org/2000/svg" width="%1$d" height="20" role="img" aria-label="%2$s: %3$s">\
                <title>%2$s: %3$s</title>\
                <rect width="%4$d" height="20" fill="#555"/>\
                <rect x="%4$d" width="%5$d" height="20" fill="#2a6f4e"/>\
                <g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">\
                <text x="6" y="14">%2$s</text><text x="%6$d" y="14">%3$s</text></g></svg>"""
                .formatted(width, l, v, labelWidth, valueWidth, labelWidth + 6);
    }
}
