package social.upkeep.imports.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;

/**
 * An uploaded CSV export as records, each with the line it starts on (a quoted field may hold line breaks, so
 * records and lines differ). UTF-8 with or without a byte-order mark; comma- or semicolon-separated (spreadsheets
 * in locales with a decimal comma write semicolons); the first record names the columns.
 */
final class CsvFile {

    /** One record: the line it starts on, and its fields by column name as the header spells it. */
    record Record(int line, Map<String, String> fields) {

        /** The first of {@code names} the file has (case and spacing aside), or null. */
        @Nullable String get(String... names) {
            for (String name : names) {
                String value = fields.get(normal(name));
                if (value != null) {
                    return value.strip();
                }
            }
            return null;
        }
    }

    /** The file cannot be read as CSV at all; the key names why, the line where. */
    static final class Unreadable extends RuntimeException {

        final String messageKey;
        final int line;

        Unreadable(String messageKey, int line) {
            super(messageKey + " at line " + line);
            this.messageKey = messageKey;
            this.line = line;
        }
    }

    final List<String> header;
    final List<Record> records;

    private CsvFile(List<String> header, List<Record> records) {
        this.header = header;
        this.records = records;
    }

    static String normal(String column) {
        return column.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    boolean has(String... names) {
        return Arrays.stream(names).anyMatch(name -> header.contains(normal(name)));
    }

    static CsvFile read(byte[] bytes) {
        String text = decode(bytes);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        int firstBreak = text.indexOf('\n');
        String firstLine = firstBreak < 0 ? text : text.substring(0, firstBreak);
        char delimiter = count(firstLine, ';') > count(firstLine, ',') ? ';' : ',';
        int[] lineStarts = lineStarts(text);
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true)
                .setTrim(false).get();
        List<Record> records = new ArrayList<>();
        List<String> header = null;
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            for (CSVRecord record : parser) {
                int line = lineOf(lineStarts, record.getCharacterPosition());
                if (header == null) {
                    header = record.stream().map(CsvFile::normal).toList();
                    continue;
                }
                if (record.size() == 1 && record.get(0).isBlank()) {
                    continue;
                }
                Map<String, String> fields = new LinkedHashMap<>();
                for (int i = 0; i < header.size() && i < record.size(); i++) {
                    fields.putIfAbsent(header.get(i), record.get(i));
                }
                records.add(new Record(line, fields));
            }
        } catch (IOException | IllegalStateException | UncheckedIOException e) {
            // Commons CSV reports an unterminated quote or a stray character as one of these.
            throw new Unreadable("imports.unreadable.quotes", records.isEmpty() ? 1
                    : records.get(records.size() - 1).line() + 1);
        }
        if (header == null) {
            throw new Unreadable("imports.unreadable.empty", 1);
        }
        return new CsvFile(header, records);
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Unreadable("imports.unreadable.encoding", 1);
        }
    }

    private static int count(String text, char wanted) {
        return (int) text.chars().filter(c -> c == wanted).count();
    }

    private static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The 1-based line holding character {@code position}. */
    private static int lineOf(int[] lineStarts, long position) {
        int found = Arrays.binarySearch(lineStarts, (int) position);
        return (found >= 0 ? found : -found - 2) + 1;
    }
}
