package social.upkeep.notification;

/**
 * One mail to one person. The cause key names why it is sent ("signin-locked:owner:2026-11-27T18"), so the
 * same cause never sends the same mail twice. A {@code confidential} mail (a sign-in link) is for its
 * recipient's eyes only: the Outbox page does not show it and its text is wiped once sent.
 */
public record OutgoingMail(String causeKey, String recipient, String subject, String text, boolean confidential) {

    public OutgoingMail(String causeKey, String recipient, String subject, String text) {
        this(causeKey, recipient, subject, text, false);
    }

    public OutgoingMail {
        if (causeKey.isBlank() || recipient.isBlank()) {
            throw new IllegalArgumentException("A mail needs a cause and a recipient");
        }
        if (recipient.chars().anyMatch(c -> c == '\r' || c == '\n') || subject.chars().anyMatch(c -> c == '\r' || c == '\n')) {
            throw new IllegalArgumentException("Line breaks are not allowed in a recipient or subject");
        }
    }
}
