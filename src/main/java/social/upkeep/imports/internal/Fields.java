package social.upkeep.imports.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import social.upkeep.shared.InvalidAmount;
import social.upkeep.shared.Money;

/** Reading the values exports hold: timestamps in their many spellings, amounts, currency codes, row hashes. */
final class Fields {

    private static final Pattern CODE = Pattern.compile("[A-Z]{3}");
    private static final Map<String, String> SYMBOLS = Map.of("$", "USD", "€", "EUR", "£", "GBP", "¥", "JPY");
    private static final List<DateTimeFormatter> DATE_TIMES = List.of(
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss][.SSSSSS][.SSS]"),
            DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm[:ss]"),
            DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm[:ss]"));

    private Fields() {
    }

    /**
     * A moment as exports write it: ISO 8601 with or without an offset ("2025-12-23T10:59:07" is UTC, as Open
     * Collective's are), Python's "2024-03-01 12:34:56.789012+00:00" (Liberapay), or a date and time without
     * an offset, read as UTC; the day it falls on in the server's time zone.
     */
    static Optional<LocalDate> day(String text, ZoneId zone) {
        String value = text.strip();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.replace(' ', 'T')).atZoneSameInstant(zone).toLocalDate());
        } catch (DateTimeParseException notOffset) {
            // try the next spelling
        }
        try {
            return Optional.of(LocalDateTime.parse(value.replace(' ', 'T')).atOffset(ZoneOffset.UTC)
                    .atZoneSameInstant(zone).toLocalDate());
        } catch (DateTimeParseException notLocal) {
            // try the next spelling
        }
        try {
            return Optional.of(Instant.parse(value).atZone(zone).toLocalDate());
        } catch (DateTimeParseException notInstant) {
            // try the next spelling
        }
        for (DateTimeFormatter format : DATE_TIMES) {
            try {
                return Optional.of(LocalDateTime.parse(value, format).atOffset(ZoneOffset.UTC).atZoneSameInstant(zone)
                        .toLocalDate());
            } catch (DateTimeParseException next) {
                // try the next spelling
            }
        }
        try {
            return Optional.of(LocalDate.parse(value));
        } catch (DateTimeParseException none) {
            return Optional.empty();
        }
    }

    /** A date in the operator's chosen pattern ("dd.MM.yyyy", say). */
    static Optional<LocalDate> day(String text, String pattern) {
        try {
            return Optional.of(LocalDate.parse(text.strip(), DateTimeFormatter.ofPattern(pattern, Locale.ROOT)));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** An ISO 4217 code the JDK knows, in any case. */
    static Optional<Currency> currency(String text) {
        String code = text.strip().toUpperCase(Locale.ROOT);
        if (!CODE.matcher(code).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Currency.getInstance(code));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The currency a symbol at the start of an amount stands for ("$1,234.50"), if it is one of the common ones. */
    static Optional<Currency> currencyOfSymbol(String amount) {
        String value = amount.strip().replace("-", "");
        return SYMBOLS.entrySet().stream().filter(symbol -> value.startsWith(symbol.getKey()))
                .findFirst().map(symbol -> Currency.getInstance(symbol.getValue()));
    }

    /**
     * An amount in {@code currency}: a point or a comma as the decimal separator ({@code decimalComma} says which
     * the file uses when both could be meant), thousands grouped or not, a leading currency symbol or minus.
     */
    static Money amount(String text, Currency currency, boolean decimalComma) {
        String value = text.strip();
        for (String symbol : SYMBOLS.keySet()) {
            value = value.replace(symbol, "");
        }
        value = value.replace("(", "-").replace(")", "").strip();
        Money money = Money.parse(value, currency, decimalComma ? Locale.GERMANY : Locale.ENGLISH);
        if (money.toMajor().abs().compareTo(new BigDecimal("1000000000")) >= 0) {
            throw new InvalidAmount(InvalidAmount.Reason.TOO_LARGE, currency);
        }
        return money;
    }

    /** A short hash of a row's values, for exports that give rows no id of their own. */
    static String hash(Map<String, String> fields) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            fields.forEach((column, value) -> {
                digest.update(column.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(value.strip().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 1);
            });
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
