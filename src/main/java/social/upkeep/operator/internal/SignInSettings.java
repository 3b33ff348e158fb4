package social.upkeep.operator.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How sign-in resists guessing: from the {@code slowDownAfter}-th wrong password for one account from one
 * address, each further try must wait twice as long as the last; at {@code lockAfter} that pair is locked
 * for {@code lockFor}. Across all addresses, from {@code accountSlowDownAfter} failures on one account within
 * {@code accountWindow} every try waits the same way, at most {@code accountWaitMax}: an attacker with many
 * addresses is slowed, and the owner is never locked out.
 */
@ConfigurationProperties("upkeep.signin")
record SignInSettings(int slowDownAfter, int lockAfter, Duration lockFor, int accountSlowDownAfter,
        Duration accountWindow, Duration accountWaitMax) {
}
