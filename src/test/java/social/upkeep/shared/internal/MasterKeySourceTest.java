package social.upkeep.shared.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeySourceTest {

    @TempDir
    Path dataDir;

    @Test
    void configuredKeyWins() {
        byte[] key = new byte[32];
        key[0] = 7;
        byte[] resolved = MasterKeySource.resolve(Base64.getEncoder().encodeToString(key), true, dataDir);
        assertThat(resolved).isEqualTo(key);
        assertThat(dataDir.resolve(MasterKeySource.FILE_NAME)).doesNotExist();
    }

    @Test
    void productionRefusesToStartWithoutAKey() {
        assertThatThrownBy(() -> MasterKeySource.resolve("", true, dataDir))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("UPKEEP_SECRET_KEY is not set");
        assertThatThrownBy(() -> MasterKeySource.resolve(null, true, dataDir)).isInstanceOf(IllegalStateException.class);
        assertThat(dataDir.resolve(MasterKeySource.FILE_NAME)).doesNotExist();
    }

    @Test
    void badKeysAreRefusedWithAReason() {
        assertThatThrownBy(() -> MasterKeySource.resolve("not base64 at all!", false, dataDir))
                .hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> MasterKeySource.resolve(Base64.getEncoder().encodeToString(new byte[16]), false, dataDir))
                .hasMessageContaining("must be 32 bytes");
    }

    @Test
    void embeddedModeGeneratesAKeyOnceAndKeepsIt() throws Exception {
        byte[] first = MasterKeySource.resolve(null, false, dataDir);
        byte[] second = MasterKeySource.resolve(null, false, dataDir);
        assertThat(first).hasSize(32).isEqualTo(second);
        Path file = dataDir.resolve(MasterKeySource.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void theKeyFileIsPrivateBeforeAByteIsWritten() throws Exception {
        Path file = dataDir.resolve("secret.key");
        MasterKeySource.createPrivate(file);
        assertThat(Files.size(file)).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThatThrownBy(() -> MasterKeySource.createPrivate(file))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    }
}
