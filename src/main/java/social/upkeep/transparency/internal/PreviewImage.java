package social.upkeep.transparency.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The picture a link preview shows (1200 × 630 PNG: Mastodon's cards show no SVG): the server's name, this month's
 * goal bar and the figures under it. Drawn with Java2D; where the JVM finds no fonts it still draws the bar.
 */
final class PreviewImage {

    static final int WIDTH = 1200;
    static final int HEIGHT = 630;
    private static final Logger log = LoggerFactory.getLogger(PreviewImage.class);
    private static final Color PAPER = new Color(0xfbfbf9);
    private static final Color INK = new Color(0x1d2330);
    private static final Color MUTED = new Color(0x545d6e);
    private static final Color ACCENT = new Color(0x2a6f4e);
    private static final Color TRACK = new Color(0xdfe4ea);

    private PreviewImage() {
    }

    /**
     * @param percent the share of the goal covered, or null when there is not enough data for a goal
     * @param lines   up to three lines under the bar, already in the reader's language
     */
    static byte[] png(String name, @Nullable Integer percent, String app, String... lines) {
        var image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(PAPER);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(ACCENT);
            g.fillRect(0, 0, WIDTH, 16);
            bar(g, percent);
            try {
                text(g, name, percent, app, lines);
            } catch (RuntimeException | Error noFonts) {
                // A JRE without fontconfig or fonts (some slim images) cannot draw text; the bar still says a lot.
                log.warn("Preview image drawn without text: {}", noFonts.toString());
            }
        } finally {
            g.dispose();
        }
        var png = new ByteArrayOutputStream(32 * 1024);
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }

    private static void bar(Graphics2D g, @Nullable Integer percent) {
        var track = new RoundRectangle2D.Double(80, 330, WIDTH - 160, 56, 28, 28);
        g.setColor(TRACK);
        g.fill(track);
        if (percent != null && percent > 0) {
            double filled = (WIDTH - 160) * Math.min(100, percent) / 100.0;
            g.setColor(ACCENT);
            g.fill(new RoundRectangle2D.Double(80, 330, Math.max(56, filled), 56, 28, 28));
        }
        g.setColor(MUTED);
        g.setStroke(new BasicStroke(2));
        g.draw(track);
    }

    private static void text(Graphics2D g, String name, @Nullable Integer percent, String app, String[] lines) {
        g.setColor(INK);
        g.setFont(fitted(g, name, new Font(Font.SANS_SERIF, Font.BOLD, 72), WIDTH - 160));
        g.drawString(name, 80, 170);
        if (percent != null) {
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 56));
            g.drawString(percent + " %", 80, 300);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 36));
        int y = 450;
        for (String line : lines) {
            g.setFont(fitted(g, line, new Font(Font.SANS_SERIF, Font.PLAIN, 36), WIDTH - 160));
            g.drawString(line, 80, y);
            y += 54;
        }
        g.setColor(ACCENT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 30));
        g.drawString(app, WIDTH - 80 - g.getFontMetrics().stringWidth(app), 600);
    }

    /** The font, made smaller until the text fits the width (long server names). */
    private static Font fitted(Graphics2D g, String text, Font font, int width) {
        Font f = font;
        while (f.getSize() > 18 && g.getFontMetrics(f).stringWidth(text) > width) {
            f = f.deriveFont((float) (f.getSize() - 2));
        }
        return f;
    }
}
