package social.upkeep.instance.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An operator's accent colour. Buttons put white text on it and light pages use it for links, so it must reach
 * WCAG AA (4.5:1) against white; dark pages get a lighter shade of it that reaches 4.5:1 against their background.
 */
record AccentColour(int red, int green, int blue) {

    static final double AA = 4.5;
    private static final Pattern HEX = Pattern.compile("#?([0-9a-fA-F]{6})");
    private static final AccentColour WHITE = new AccentColour(255, 255, 255);
    /** The light backgrounds links in the accent sit on (upkeep.css: --paper, --tint, --secondary). */
    private static final java.util.List<AccentColour> LIGHT_BACKGROUNDS = java.util.List.of(
            new AccentColour(0xfb, 0xfb, 0xf9), new AccentColour(0xea, 0xf3, 0xee), new AccentColour(0xee, 0xf0, 0xf4));
    /** The dark theme's page background (upkeep.css, --paper in dark). */
    static final AccentColour DARK_PAPER = new AccentColour(0x14, 0x17, 0x1c);

    static Optional<AccentColour> parse(String text) {
        var match = HEX.matcher(text.strip());
        if (!match.matches()) {
            return Optional.empty();
        }
        int rgb = Integer.parseInt(match.group(1), 16);
        return Optional.of(new AccentColour(rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff));
    }

    String hex() {
        return String.format(Locale.ROOT, "#%02x%02x%02x", red, green, blue);
    }

    double contrastWith(AccentColour other) {
        double a = luminance() + 0.05;
        double b = other.luminance() + 0.05;
        return Math.max(a, b) / Math.min(a, b);
    }

    double contrastWithWhite() {
        return contrastWith(WHITE);
    }

    /** The lowest contrast the colour has where light pages use it: white text on it, and it as text. */
    double lowestContrastOnLightPages() {
        return LIGHT_BACKGROUNDS.stream().mapToDouble(this::contrastWith).min().orElseThrow();
    }

    /** This colour mixed towards white until it reads on the dark background (links in dark mode). */
    AccentColour forDarkPages() {
        AccentColour shade = this;
        for (int step = 1; step <= 20 && shade.contrastWith(DARK_PAPER) < AA; step++) {
            double t = step / 20.0;
            shade = new AccentColour(mix(red, t), mix(green, t), mix(blue, t));
        }
        return shade;
    }

    private static int mix(int channel, double towardsWhite) {
        return (int) Math.round(channel + (255 - channel) * towardsWhite);
    }

    private double luminance() {
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue);
    }

    private static double linear(int channel) {
        double c = channel / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
