package social.upkeep.instance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which servers Upkeep takes: only software and versions checked against their source. */
class SoftwareTest {

    @ParameterizedTest
    @CsvSource({
            "gotosocial, 0.18.3 git-1f2e3d4, true",
            "gotosocial, 0.19.0, false",
            "gotosocial, 0.20.1 git-8a0b4b1, false",
            "misskey, 2023.11.1, true",
            "misskey, 2023.12.0, false",
            "misskey, 2025.6.0, false",
            "sharkey, 2023.9.1, false",
            "mastodon, 4.2.10, false",
            "gotosocial, unknown, false"})
    void olderVersionsThanUpkeepNeedsAreToldApart(String name, String version, boolean tooOld) {
        assertThat(Software.tooOld(name, version)).isEqualTo(tooOld);
    }

    @ParameterizedTest
    @CsvSource({"firefish, true", "Iceshrimp.NET, true", "calckey, true", "sharkey, false", "misskey, false"})
    void forksNobodyCheckedAreRefusedByName(String name, boolean unchecked) {
        assertThat(Software.unchecked(name)).isEqualTo(unchecked);
        assertThat(Software.fromNodeInfo(name).isPresent()).isEqualTo(!unchecked);
    }
}
