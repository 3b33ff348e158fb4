package social.upkeep.support;

import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/** Reading received mail as its recipient's client would: the decoded text and HTML parts. */
public final class Mails {

    private Mails() {
    }

    public static String text(MimeMessage message) {
        return part(message, "text/plain");
    }

    public static String html(MimeMessage message) {
        return part(message, "text/html");
    }

    private static String part(Part part, String type) {
        try {
            if (part.isMimeType(type)) {
                return (String) part.getContent();
            }
            if (part.getContent() instanceof MimeMultipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    String found = partOrNull(multipart.getBodyPart(i), type);
                    if (found != null) {
                        return found;
                    }
                }
            }
            throw new AssertionError("No " + type + " part");
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String partOrNull(Part part, String type) {
        try {
            return part(part, type);
        } catch (AssertionError e) {
            return null;
        }
    }
}
