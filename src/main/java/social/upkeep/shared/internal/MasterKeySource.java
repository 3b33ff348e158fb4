package social.upkeep.shared.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the master key that encrypts secrets at rest. A configured UPKEEP_SECRET_KEY always wins. Only the
 * embedded trial mode may fall back to a key generated once into the data directory; production (the prod
 * profile, or any external database) refuses to start without one, because a key on one machine's disk
 * would leave the secrets in a shared database unreadable to every other replica.
 */
final class MasterKeySource {

    static final String FILE_NAME = "secret.key";
    private static final Logger log = LoggerFactory.getLogger(MasterKeySource.class);

    private MasterKeySource() {
    }

    static byte[] resolve(@Nullable String configured, boolean production, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            return decode(configured.trim(), "UPKEEP_SECRET_KEY");
        }
        if (production) {
            throw new IllegalStateException("UPKEEP_SECRET_KEY is not set. In production Upkeep needs a master key "
                    + "to encrypt secrets: generate one with `openssl rand -base64 32` and keep it safe.");
        }
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath().normalize();
        try {
            if (Files.exists(file)) {
                return decode(Files.readString(file).trim(), file.toString());
            }
            return generate(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or write the master key at " + file, e);
        }
    }

    private static byte[] generate(Path file) throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.createDirectories(file.getParent());
        createPrivate(file);
        Files.writeString(file, Base64.getEncoder().encodeToString(key), StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        log.warn("""

                ************************************************************************
                 No UPKEEP_SECRET_KEY is set, so a master key was generated into
                 {}
                 Every stored secret is encrypted with it: back it up with the data.
                 Losing it makes stored tokens and keys unreadable. For production set
                 UPKEEP_SECRET_KEY (openssl rand -base64 32) instead.
                ************************************************************************""", file);
        return key;
    }

    /**
     * Creates the empty key file readable by its owner only from the start: written first and restricted after,
     * it would be readable by others for a moment. Fails if the file appeared meanwhile, so no other file is
     * overwritten.
     */
    static void createPrivate(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
            log.warn("Could not restrict the permissions of {}: protect the file yourself.", file);
        }
    }

    private static byte[] decode(String base64, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The master key in " + source + " is not valid base64");
        }
        if (key.length != 32) {
            throw new IllegalStateException("The master key in " + source + " must be 32 bytes (base64 of 32 random "
                    + "bytes, e.g. `openssl rand -base64 32`), but it is " + key.length + " bytes");
        }
        return key;
    }
}
