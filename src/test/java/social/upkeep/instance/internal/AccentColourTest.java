package social.upkeep.instance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Contrast as WCAG 2.1 defines it (relative luminance), and a dark-mode shade that still reads. */
class AccentColourTest {

    @Test
    void contrastWithWhiteMatchesWcagFigures() {
        assertThat(AccentColour.parse("#2a6f4e").orElseThrow().contrastWithWhite()).isCloseTo(6.03, within(0.01));
        assertThat(AccentColour.parse("000000").orElseThrow().contrastWithWhite()).isCloseTo(21.0, within(0.01));
        assertThat(AccentColour.parse("#767676").orElseThrow().contrastWithWhite()).isCloseTo(4.54, within(0.01));
        assertThat(AccentColour.parse("#GGGGGG")).isEmpty();
        // #767676 just passes on white, but not as link text on the tinted backgrounds of notices and navigation.
        assertThat(AccentColour.parse("#767676").orElseThrow().lowestContrastOnLightPages()).isLessThan(AccentColour.AA);
    }

    @Test
    void everyAccentDarkEnoughForWhiteTextGetsADarkModeShadeThatReadsOnTheDarkPage() {
        for (String hex : new String[] {"#000000", "#2a6f4e", "#6a1b9a", "#0b3d91", "#8b0000", "#545454"}) {
            var accent = AccentColour.parse(hex).orElseThrow();
            assertThat(accent.lowestContrastOnLightPages()).as(hex).isGreaterThanOrEqualTo(AccentColour.AA);
            assertThat(accent.forDarkPages().contrastWith(AccentColour.DARK_PAPER)).as(hex)
                    .isGreaterThanOrEqualTo(AccentColour.AA);
        }
    }
}
