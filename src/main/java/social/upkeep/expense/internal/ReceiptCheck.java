package social.upkeep.expense.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.web.multipart.MultipartFile;
import social.upkeep.expense.Receipt;

/**
 * Accepts a receipt only when its content is a PDF, PNG or JPEG, whatever its name or declared type says:
 * an SVG or HTML file could run script when opened from this site.
 */
final class ReceiptCheck {

    static final int MAX_BYTES = 10 * 1024 * 1024;
    private static final byte[] PDF = {'%', 'P', 'D', 'F', '-'};
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

    /** What went wrong, as a message key. */
    sealed interface Outcome permits Accepted, Refused, Absent {
    }

    record Accepted(Receipt receipt) implements Outcome {
    }

    record Refused(String messageKey) implements Outcome {
    }

    record Absent() implements Outcome {
    }

    private ReceiptCheck() {
    }

    static Outcome check(@Nullable MultipartFile file) {
        if (file == null || file.isEmpty()) {
            return new Absent();
        }
        if (file.getSize() > MAX_BYTES) {
            return new Refused("receipt.too-large");
        }
        byte[] content;
        try {
            content = file.getBytes();
        } catch (IOException e) {
            return new Refused("receipt.unreadable");
        }
        return sniff(content).<Outcome>map(type -> new Accepted(new Receipt(type, content)))
                .orElse(new Refused("receipt.wrong-type"));
    }

    static Optional<String> sniff(byte[] content) {
        if (startsWith(content, PDF)) {
            return Optional.of("application/pdf");
        }
        if (startsWith(content, PNG)) {
            return Optional.of("image/png");
        }
        if (startsWith(content, JPEG)) {
            return Optional.of("image/jpeg");
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] content, byte[] magic) {
        return content.length > magic.length && Arrays.equals(content, 0, magic.length, magic, 0, magic.length);
    }
}
