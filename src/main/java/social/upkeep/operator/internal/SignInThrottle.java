package social.upkeep.operator.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.LockedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts wrong passwords per account and address in the database, so the count holds across restarts
 * and nodes. Attempts refused by the throttle are not checked against the password at all.
 */
@Component
class SignInThrottle {

    private final JdbcClient jdbc;
    private final SignInSettings settings;
    private final Clock clock;

    SignInThrottle(JdbcClient jdbc, SignInSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    private record Failures(int count, Instant lastFailedAt, @Nullable Instant lockedUntil) {
    }

    /** Refuses the attempt when this pair is locked or must still wait, or the account as a whole must wait. */
    void check(String username, String address) {
        Instant now = clock.instant();
        Optional<Failures> failures = load(username, address).filter(f -> !stale(f, now));
        if (failures.isPresent()) {
            Failures f = failures.get();
            if (f.lockedUntil() != null && now.isBefore(f.lockedUntil())) {
                throw new SignInLocked();
            }
            if (f.lockedUntil() == null && now.isBefore(f.lastFailedAt().plus(waitAfter(f.count())))) {
                throw new SignInSlowedDown();
            }
        }
        checkAccount(username, now);
    }

    private void checkAccount(String username, Instant now) {
        var recent = jdbc.sql("""
                        SELECT coalesce(sum(failures), 0) AS failures, max(last_failed_at) AS last FROM signin_failure
                        WHERE username = :username AND last_failed_at > :since""")
                .param("username", username).param("since", at(now.minus(settings.accountWindow())))
                .query((rs, row) -> new Failures(rs.getInt(1), Optional.ofNullable(rs.getObject(2,
                        OffsetDateTime.class)).map(OffsetDateTime::toInstant).orElse(now), null))
                .single();
        if (now.isBefore(recent.lastFailedAt().plus(accountWait(recent.count())))) {
            throw new SignInSlowedDown();
        }
    }

    /** Nothing below the account's ceiling, then 1 s, 2 s, 4 s, ... up to the configured most. */
    Duration accountWait(int failures) {
        if (failures < settings.accountSlowDownAfter()) {
            return Duration.ZERO;
        }
        Duration wait = Duration.ofSeconds(1L << Math.min(failures - settings.accountSlowDownAfter(), 20));
        return wait.compareTo(settings.accountWaitMax()) > 0 ? settings.accountWaitMax() : wait;
    }

    /**
     * Whether the owner should hear about a lock now: at most one mail per account an hour, however many
     * addresses get locked (each lock would otherwise be a way to flood the owner's mailbox).
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    boolean claimLockMail(String username) {
        Instant now = clock.instant();
        return jdbc.sql("""
                        INSERT INTO signin_lock_mail (username, mailed_at) VALUES (:username, :now)
                        ON CONFLICT (username) DO UPDATE SET mailed_at = excluded.mailed_at
                        WHERE signin_lock_mail.mailed_at <= :hourAgo
                        RETURNING username""")
                .param("username", username).param("now", at(now)).param("hourAgo", at(now.minus(Duration.ofHours(1))))
                .query(String.class).optional().isPresent();
    }

    /** Counts a wrong password; returns true when this failure locked the pair. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    boolean recordFailure(String username, String address) {
        Instant now = clock.instant();
        int count = load(username, address).filter(f -> !stale(f, now)).map(Failures::count).orElse(0) + 1;
        Instant lockedUntil = count >= settings.lockAfter() ? now.plus(settings.lockFor()) : null;
        jdbc.sql("""
                        INSERT INTO signin_failure (username, remote_address, failures, last_failed_at, locked_until)
                        VALUES (:username, :address, :count, :now, :lockedUntil)
                        ON CONFLICT (username, remote_address) DO UPDATE
                        SET failures = :count, last_failed_at = :now, locked_until = :lockedUntil""")
                .param("username", username).param("address", address).param("count", count)
                .param("now", at(now)).param("lockedUntil", lockedUntil == null ? null : at(lockedUntil))
                .update();
        return lockedUntil != null;
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void recordSuccess(String username, String address) {
        jdbc.sql("DELETE FROM signin_failure WHERE username = :username AND remote_address = :address")
                .param("username", username).param("address", address).update();
    }

    /** No wait for the first few failures, then 1 s, 2 s, 4 s, ... */
    Duration waitAfter(int failures) {
        if (failures < settings.slowDownAfter()) {
            return Duration.ZERO;
        }
        return Duration.ofSeconds(1L << Math.min(failures - settings.slowDownAfter(), 10));
    }

    /** Failures long past, or a lock that has run out, start the count afresh. */
    private boolean stale(Failures f, Instant now) {
        if (f.lockedUntil() != null) {
            return !now.isBefore(f.lockedUntil());
        }
        return f.lastFailedAt().plus(settings.lockFor()).isBefore(now);
    }

    private Optional<Failures> load(String username, String address) {
        return jdbc.sql("SELECT failures, last_failed_at, locked_until FROM signin_failure "
                        + "WHERE username = :username AND remote_address = :address")
                .param("username", username).param("address", address)
                .query((rs, row) -> new Failures(rs.getInt(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                        Optional.ofNullable(rs.getObject(3, OffsetDateTime.class)).map(OffsetDateTime::toInstant)
                                .orElse(null)))
                .optional();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** Too many wrong passwords: this account is locked for this address for a while. */
    static final class SignInLocked extends LockedException {
        SignInLocked() {
            super("Sign-in locked after too many failed attempts");
        }
    }

    /** A few wrong passwords: the next try must wait a little. */
    static final class SignInSlowedDown extends LockedException {
        SignInSlowedDown() {
            super("Too many failed attempts: wait before trying again");
        }
    }
}
