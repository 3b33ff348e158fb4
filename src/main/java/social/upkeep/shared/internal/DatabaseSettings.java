package social.upkeep.shared.internal;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the data lives. With a URL, Upkeep uses that PostgreSQL; without one it runs its own embedded
 * PostgreSQL with its files under {@code dataDir/postgres}.
 */
@ConfigurationProperties("upkeep.db")
record DatabaseSettings(@Nullable String url, @Nullable String username, @Nullable String password, Path dataDir) {

    boolean external() {
        return url != null && !url.isBlank();
    }

    Path embeddedDirectory() {
        return dataDir.resolve("postgres").toAbsolutePath().normalize();
    }
}
