package social.upkeep.instance;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The server software families Upkeep can talk to, told apart by NodeInfo's {@code software.name}. Only what was
 * checked against its source is here: of Misskey's forks, Sharkey and CherryPick (which have Misskey's role
 * permissions); the others are refused by name ({@link #unchecked}).
 */
public enum Software {
    MASTODON(Set.of("mastodon", "hometown", "glitchsoc")),
    AKKOMA(Set.of("akkoma", "pleroma")),
    GOTOSOCIAL(Set.of("gotosocial")),
    MISSKEY(Set.of("misskey", "sharkey", "cherrypick"));

    private static final java.util.regex.Pattern MAJOR_MINOR = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)");

    /** Forks nobody checked (no MiAuth in Iceshrimp.NET; role APIs that differ or are unknown in the rest). */
    private static final Set<String> UNCHECKED = Set.of("firefish", "iceshrimp", "iceshrimp.net", "foundkey",
            "calckey", "catodon");

    /** Whether NodeInfo names a fork of Misskey that Upkeep was not checked against. */
    public static boolean unchecked(String name) {
        return UNCHECKED.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Whether this version is older than Upkeep needs: GoToSocial before 0.19 (no granular admin scopes, no
     * {@code /oauth/revoke}); Misskey itself before 2023.12 (role permissions). Unknown versions pass.
     */
    public static boolean tooOld(String name, String version) {
        String lower = name.toLowerCase(Locale.ROOT);
        java.util.regex.Matcher numbers = MAJOR_MINOR.matcher(version.strip());
        if (!numbers.find()) {
            return false;
        }
        int major = Integer.parseInt(numbers.group(1));
        int minor = Integer.parseInt(numbers.group(2));
        return switch (lower) {
            case "gotosocial" -> major == 0 && minor < 19;
            case "misskey" -> major < 2023 || (major == 2023 && minor < 12);
            default -> false;
        };
    }

    private final Set<String> names;

    Software(Set<String> names) {
        this.names = names;
    }

    public static Optional<Software> fromNodeInfo(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Software software : values()) {
            if (software.names.contains(lower)) {
                return Optional.of(software);
            }
        }
        return Optional.empty();
    }

    /** Mastodon, Akkoma/Pleroma and GoToSocial share Mastodon's OAuth and account API; Misskey has MiAuth. */
    public boolean mastodonCompatible() {
        return this != MISSKEY;
    }
}
