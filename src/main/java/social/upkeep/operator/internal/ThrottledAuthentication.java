package social.upkeep.operator.internal;

import java.util.Locale;
import java.util.Map;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import social.upkeep.notification.MailOutbox;
import social.upkeep.notification.MailTemplates;
import social.upkeep.notification.OutgoingMail;

/** Password sign-in behind the throttle; tells the owner by mail when their account gets locked. */
class ThrottledAuthentication implements AuthenticationProvider {

    private final AuthenticationProvider passwords;
    private final SignInThrottle throttle;
    private final Owners owners;
    private final MailOutbox outbox;
    private final MailTemplates templates;
    private final java.time.Clock clock;
    private final long lockMinutes;

    ThrottledAuthentication(AuthenticationProvider passwords, SignInThrottle throttle, Owners owners,
            MailOutbox outbox, MailTemplates templates, java.time.Clock clock, java.time.Duration lockFor) {
        this.passwords = passwords;
        this.throttle = throttle;
        this.owners = owners;
        this.outbox = outbox;
        this.templates = templates;
        this.clock = clock;
        this.lockMinutes = lockFor.toMinutes();
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = Owners.normalise(authentication.getName());
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                && details.getRemoteAddress() != null ? details.getRemoteAddress() : "unknown";
        throttle.check(username, address);
        try {
            Authentication result = passwords.authenticate(authentication);
            throttle.recordSuccess(username, address);
            return result;
        } catch (BadCredentialsException e) {
            if (throttle.recordFailure(username, address) && throttle.claimLockMail(username)) {
                tellOwnerAboutLock(username, address);
            }
            throw e;
        }
    }

    private void tellOwnerAboutLock(String username, String address) {
        owners.find(username).ifPresent(owner -> {
            Locale locale = Locale.forLanguageTag(owner.locale());
            // A security mail: always sent, no unsubscribe link.
            var mail = templates.render("signin-locked", locale, Map.of("address", address,
                    "since", clock.instant().toString(), "minutes", lockMinutes));
            outbox.queue(new OutgoingMail("signin-locked:" + username + ":" + clock.instant().getEpochSecond(),
                    owner.email(), mail.subject(), mail.text(), false, mail.html(), "Upkeep", null));
        });
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
