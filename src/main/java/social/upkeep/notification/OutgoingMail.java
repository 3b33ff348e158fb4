package social.upkeep.notification;

import org.jspecify.annotations.Nullable;

/**
 * One mail to one person. The cause key names why it is sent ("signin-locked:owner:2026-11-27T18"), so the
 * same cause never sends the same mail twice. A {@code confidential} mail (a sign-in link) is for its
 * recipient's eyes only: the Outbox page does not show it and its text is wiped once sent. {@code html}: an
 * HTML part beside the text; {@code senderName}: the name the mail comes from (the server's); {@code
 * unsubscribeUrl}: the one-click unsubscribe link for the {@code List-Unsubscribe} header (none for receipts
 * and security mail).
 */
public record OutgoingMail(String causeKey, String recipient, String subject, String text, boolean confidential,
        @Nullable String html, @Nullable String senderName, @Nullable String unsubscribeUrl) {

    public OutgoingMail(String causeKey, String recipient, String subject, String text) {
        this(causeKey, recipient, subject, text, false);
    }

    public OutgoingMail(String causeKey, String recipient, String subject, String text, boolean confidential) {
        this(causeKey, recipient, subject, text, confidential, null, null, null);
    }

    public OutgoingMail {
        if (causeKey.isBlank() || recipient.isBlank()) {
            throw new IllegalArgumentException("A mail needs a cause and a recipient");
        }
        if (breaks(recipient) || breaks(subject) || breaks(senderName) || breaks(unsubscribeUrl)) {
            throw new IllegalArgumentException("Line breaks are not allowed in a recipient, subject or header");
        }
    }

    private static boolean breaks(@Nullable String header) {
        return header != null && header.chars().anyMatch(c -> c == '\r' || c == '\n');
    }
}
