package social.upkeep.operator.internal;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates the one owner, once, and finds them at sign-in. */
@Service
class Owners {

    private final OwnerRepository repository;
    private final PasswordEncoder passwordEncoder;
    private final Clock clock;

    Owners(OwnerRepository repository, PasswordEncoder passwordEncoder, Clock clock) {
        this.repository = repository;
        this.passwordEncoder = passwordEncoder;
        this.clock = clock;
    }

    boolean exists() {
        return repository.existsById(OwnerAccount.THE_OWNER);
    }

    /** Creates the owner; refused when one already exists, also when two first visitors race. */
    @Transactional
    void create(String email, String password, Locale locale) {
        if (exists()) {
            throw new SetupClosed();
        }
        try {
            repository.saveAndFlush(new OwnerAccount(normalise(email), passwordEncoder.encode(password),
                    locale.toLanguageTag(), clock.instant()));
        } catch (DataIntegrityViolationException e) {
            throw new SetupClosed();
        }
    }

    Optional<OwnerAccount> find(String email) {
        return repository.findByEmail(normalise(email));
    }

    static String normalise(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    /** Setup is over: an owner exists. */
    static final class SetupClosed extends RuntimeException {
        SetupClosed() {
            super("An owner already exists");
        }
    }
}
