package social.upkeep.instance.internal;

import java.util.Optional;

/**
 * A logo as its bytes say it is: PNG, JPEG, WebP or GIF, up to {@link #MAX_BYTES}. The name or type a server or
 * browser gives is not trusted; anything else (SVG, HTML) is refused, since a logo is shown on every public page.
 */
record LogoImage(byte[] bytes, String type) {

    static final int MAX_BYTES = 512 * 1024;

    static Optional<LogoImage> of(byte[] bytes) {
        if (bytes == null || bytes.length < 12 || bytes.length > MAX_BYTES) {
            return Optional.empty();
        }
        return typeOf(bytes).map(type -> new LogoImage(bytes, type));
    }

    private static Optional<String> typeOf(byte[] b) {
        if ((b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return Optional.of("image/png");
        }
        if ((b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return Optional.of("image/jpeg");
        }
        if (b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E' && b[10] == 'B'
                && b[11] == 'P') {
            return Optional.of("image/webp");
        }
        if (b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
            return Optional.of("image/gif");
        }
        return Optional.empty();
    }
}
