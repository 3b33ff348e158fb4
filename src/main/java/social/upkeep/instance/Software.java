package social.upkeep.instance;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The server software families Upkeep can talk to, told apart by NodeInfo's {@code software.name}. */
public enum Software {
    MASTODON(Set.of("mastodon", "hometown", "glitchsoc")),
    AKKOMA(Set.of("akkoma", "pleroma")),
    GOTOSOCIAL(Set.of("gotosocial")),
    MISSKEY(Set.of("misskey", "sharkey", "firefish", "iceshrimp", "cherrypick", "foundkey", "calckey", "catodon"));

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
