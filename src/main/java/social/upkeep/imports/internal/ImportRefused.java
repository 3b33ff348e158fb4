package social.upkeep.imports.internal;

/** An import that cannot go on: the message key says why, the arguments fill it in. Nothing was booked. */
final class ImportRefused extends RuntimeException {

    final String messageKey;
    final transient Object[] arguments;

    ImportRefused(String messageKey, Object... arguments) {
        super(messageKey);
        this.messageKey = messageKey;
        this.arguments = arguments;
    }
}
