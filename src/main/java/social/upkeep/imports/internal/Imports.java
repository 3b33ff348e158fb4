package social.upkeep.imports.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import social.upkeep.instance.Instance;
import social.upkeep.ledger.Booking;
import social.upkeep.ledger.EntryKind;
import social.upkeep.ledger.Ledger;
import social.upkeep.shared.Money;

/**
 * Reads an export into a preview (what each line would book, what is refused and why, what was booked before,
 * what falls in closed months, totals per month and currency) and books it when the operator confirms: each row
 * once, whatever was imported before; rows of closed months as one labelled correction per kind in the first
 * open month, or not at all; foreign-currency rows at the rate the operator gives, keeping the original amount.
 */
@Service
class Imports {

    static final int MAX_RECORDS = 50_000;
    static final List<String> FORMATS = List.of("open-collective", "liberapay", "patreon", "ko-fi", "other");
    private static final BigDecimal LARGEST_RATE = new BigDecimal("1000000");

    /** A month's totals in one currency, as the preview shows them; {@code closed}: a month already closed. */
    record MonthTotal(YearMonth month, Currency currency, Money income, Money fees, Money refunds, boolean closed) {
    }

    /** What booking the batch would do now. */
    record Preview(ImportStore.Batch batch, int toBook, List<ImportLine> refused, Map<String, Integer> skipped,
            int duplicates, int closedLines, List<YearMonth> closedMonths, List<MonthTotal> totals,
            Set<Currency> needRates) {
    }

    private final ImportStore store;
    private final Ledger ledger;
    private final Clock clock;

    Imports(ImportStore store, Ledger ledger, Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.clock = clock;
    }

    static ExportFormat format(String id, @Nullable ColumnMapping mapping) {
        return switch (id) {
            case "open-collective" -> new OpenCollectiveExport();
            case "liberapay" -> new LiberapayExport();
            case "patreon" -> new PatreonExport();
            case "ko-fi" -> new KofiExport();
            case "other" -> {
                if (mapping == null) {
                    throw new ImportRefused("imports.mapping.date-and-amount");
                }
                yield new GenericExport(mapping);
            }
            default -> throw new ImportRefused("imports.format.unknown");
        };
    }

    /** Reads the file into a new batch, booking nothing; returns its id. */
    @Transactional
    long read(Instance server, ExportFormat format, String fileName, byte[] bytes) {
        CsvFile file;
        try {
            file = CsvFile.read(bytes);
        } catch (CsvFile.Unreadable e) {
            throw new ImportRefused(e.messageKey, e.line);
        }
        List<String> missing = format.missingColumns(file);
        if (!missing.isEmpty()) {
            throw new ImportRefused("imports.missing-columns", String.join(", ", missing));
        }
        if (file.records.isEmpty()) {
            throw new ImportRefused("imports.unreadable.empty", 1);
        }
        if (file.records.size() > MAX_RECORDS) {
            throw new ImportRefused("imports.too-many", MAX_RECORDS);
        }
        var context = new ExportFormat.Context(server.currency(), server.timeZone());
        LocalDate today = server.today(clock);
        List<ImportLine> lines = new ArrayList<>();
        for (CsvFile.Record record : file.records) {
            for (ImportLine line : format.read(record, context)) {
                if (line.status() == ImportLine.Status.OK && line.on() != null && line.on().isBefore(server.foundedOn())) {
                    line = ImportLine.refused(line.line(), "imports.refused.before-start", server.foundedOn().toString());
                } else if (line.status() == ImportLine.Status.OK && line.on() != null && line.on().isAfter(today)) {
                    line = ImportLine.refused(line.line(), "imports.refused.future", line.on().toString());
                }
                lines.add(line);
            }
        }
        String name = fileName.isBlank() ? "export.csv" : fileName.length() > 200 ? fileName.substring(0, 200)
                : fileName;
        return store.create(server.id(), format.id(), name, file.records.size(), lines, clock.instant());
    }

    Preview preview(Instance server, ImportStore.Batch batch) {
        List<ImportLine> lines = store.lines(batch.id());
        Plan plan = plan(server, lines);
        List<ImportLine> refused = lines.stream().filter(l -> l.status() == ImportLine.Status.REFUSED).toList();
        Map<String, Integer> skipped = new TreeMap<>();
        lines.stream().filter(l -> l.status() == ImportLine.Status.SKIPPED)
                .forEach(l -> skipped.merge(l.reason() + "|" + l.reasonArg(), 1, Integer::sum));
        Map<String, MonthTotal> totals = new TreeMap<>();
        for (ImportLine line : plan.open) {
            add(totals, line, false);
        }
        for (ImportLine line : plan.closed) {
            add(totals, line, true);
        }
        Set<Currency> needRates = new TreeSet<>(java.util.Comparator.comparing(Currency::getCurrencyCode));
        for (ImportLine line : plan.all()) {
            if (!line.amount().currency().equals(server.currency()) && line.booked() == null) {
                needRates.add(line.amount().currency());
            }
        }
        return new Preview(batch, plan.open.size(), refused, skipped, plan.duplicates, plan.closed.size(),
                plan.closed.stream().map(l -> YearMonth.from(l.on())).distinct().sorted().toList(),
                List.copyOf(totals.values()), needRates);
    }

    /** What booking did: entries made, and lines of closed months booked as corrections or left out. */
    record Booked(int entries, int corrected, int leftOut, int duplicates) implements java.io.Serializable {
    }

    /**
     * Books the batch. {@code rates}: for each foreign currency without booked amounts, what one unit is worth in
     * the server's currency. Refused, booking nothing, when a rate is missing or absurd, or the batch was booked.
     */
    @Transactional
    Booked book(Instance server, ImportStore.Batch batch, Map<String, String> rates, boolean correctClosed) {
        if (!"PREVIEW".equals(batch.status())) {
            throw new ImportRefused("imports.book.not-a-preview");
        }
        Plan plan = plan(server, store.lines(batch.id()));
        Map<Currency, BigDecimal> rate = rates(server, plan, rates);
        List<Booking> bookings = new ArrayList<>();
        Map<String, String> bookedAs = new LinkedHashMap<>();
        for (ImportLine line : plan.open) {
            Money amount = inServerCurrency(server, line, rate);
            Money original = line.amount().currency().equals(server.currency()) ? null : line.amount();
            bookings.add(new Booking(server.id(), line.kind(), amount, original, line.on(), line.description(),
                    line.kind() == EntryKind.MANUAL_INCOME ? batch.format() : null, line.sourceKey()));
            bookedAs.put(line.sourceKey(), line.sourceKey());
        }
        int corrected = 0;
        if (correctClosed && !plan.closed.isEmpty()) {
            LocalDate firstOpen = ledger.closedThrough(server.id()).orElseThrow().plusDays(1);
            Map<EntryKind, Money> sums = new TreeMap<>();
            Map<EntryKind, Integer> counts = new TreeMap<>();
            for (ImportLine line : plan.closed) {
                sums.merge(line.kind(), inServerCurrency(server, line, rate), Money::plus);
                counts.merge(line.kind(), 1, Integer::sum);
            }
            YearMonth from = YearMonth.from(plan.closed.stream().map(ImportLine::on).min(LocalDate::compareTo)
                    .orElseThrow());
            YearMonth to = YearMonth.from(plan.closed.stream().map(ImportLine::on).max(LocalDate::compareTo)
                    .orElseThrow());
            for (var sum : sums.entrySet()) {
                if (sum.getValue().isZero()) {
                    continue;
                }
                String key = "import:correction:" + batch.id() + ":" + sum.getKey().name().toLowerCase();
                EntryKind kind = sum.getKey().sign() == 0 || Long.signum(sum.getValue().minor()) == sum.getKey().sign()
                        ? sum.getKey() : EntryKind.ADJUSTMENT;
                bookings.add(new Booking(server.id(), kind, sum.getValue(), null, firstOpen,
                        "Correction: " + counts.get(sum.getKey()) + " imported " + batch.format() + " rows of closed months "
                                + from + (from.equals(to) ? "" : " to " + to), kind == EntryKind.MANUAL_INCOME
                                ? batch.format() : null, key));
                corrected += counts.get(sum.getKey());
            }
            for (ImportLine line : plan.closed) {
                bookedAs.put(line.sourceKey(), "import:correction:" + batch.id() + ":"
                        + line.kind().name().toLowerCase());
            }
        }
        int entries = ledger.bookAll(server.id(), bookings);
        store.remember(server.id(), batch.id(), bookedAs);
        if (!store.finish(server.id(), batch.id(), "BOOKED", entries, clock.instant())) {
            throw new ImportRefused("imports.book.not-a-preview");
        }
        return new Booked(entries, corrected, correctClosed ? 0 : plan.closed.size(), plan.duplicates);
    }

    void discard(Instance server, ImportStore.Batch batch) {
        store.finish(server.id(), batch.id(), "DISCARDED", null, clock.instant());
    }

    /** The lines to book, split into open and closed months, and how many were booked before. */
    private record Plan(List<ImportLine> open, List<ImportLine> closed, int duplicates) {
        List<ImportLine> all() {
            List<ImportLine> all = new ArrayList<>(open);
            all.addAll(closed);
            return all;
        }
    }

    private Plan plan(Instance server, List<ImportLine> lines) {
        List<ImportLine> ok = lines.stream().filter(l -> l.status() == ImportLine.Status.OK).toList();
        Set<String> before = store.booked(server.id(), ok.stream().map(ImportLine::sourceKey).toList());
        LocalDate closedThrough = ledger.closedThrough(server.id()).orElse(null);
        Set<String> seen = new HashSet<>();
        List<ImportLine> open = new ArrayList<>();
        List<ImportLine> closed = new ArrayList<>();
        int duplicates = 0;
        for (ImportLine line : ok) {
            if (before.contains(line.sourceKey()) || !seen.add(line.sourceKey())) {
                duplicates++;
            } else if (closedThrough != null && !line.on().isAfter(closedThrough)) {
                closed.add(line);
            } else {
                open.add(line);
            }
        }
        return new Plan(open, closed, duplicates);
    }

    private static Map<Currency, BigDecimal> rates(Instance server, Plan plan, Map<String, String> given) {
        Map<Currency, BigDecimal> rates = new LinkedHashMap<>();
        for (ImportLine line : plan.all()) {
            Currency currency = line.amount().currency();
            if (currency.equals(server.currency()) || line.booked() != null || rates.containsKey(currency)) {
                continue;
            }
            String text = given.getOrDefault(currency.getCurrencyCode(), "").strip().replace(',', '.');
            BigDecimal rate;
            try {
                rate = new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new ImportRefused("imports.book.rate-needed", currency.getCurrencyCode());
            }
            if (rate.signum() <= 0 || rate.compareTo(LARGEST_RATE) >= 0) {
                throw new ImportRefused("imports.book.rate-needed", currency.getCurrencyCode());
            }
            rates.put(currency, rate);
        }
        return rates;
    }

    private static Money inServerCurrency(Instance server, ImportLine line, Map<Currency, BigDecimal> rates) {
        if (line.amount().currency().equals(server.currency())) {
            return line.amount();
        }
        if (line.booked() != null) {
            return line.booked();
        }
        BigDecimal major = line.amount().toMajor().multiply(rates.get(line.amount().currency()))
                .setScale(Math.max(server.currency().getDefaultFractionDigits(), 0), RoundingMode.HALF_EVEN);
        Money converted = Money.of(major, server.currency());
        if (converted.isZero()) {
            throw new ImportRefused("imports.book.rate-needed", line.amount().currency().getCurrencyCode());
        }
        return converted;
    }

    private static void add(Map<String, MonthTotal> totals, ImportLine line, boolean closed) {
        YearMonth month = YearMonth.from(line.on());
        Currency currency = line.amount().currency();
        Money zero = Money.zero(currency);
        MonthTotal total = totals.getOrDefault(month + currency.getCurrencyCode(),
                new MonthTotal(month, currency, zero, zero, zero, closed));
        Money amount = line.amount();
        totals.put(month + currency.getCurrencyCode(), switch (line.kind()) {
            case MANUAL_INCOME, INCOME -> new MonthTotal(month, currency, total.income().plus(amount), total.fees(),
                    total.refunds(), closed);
            case REFUND -> new MonthTotal(month, currency, total.income(), total.fees(), total.refunds().plus(amount),
                    closed);
            default -> new MonthTotal(month, currency, total.income(), total.fees().plus(amount), total.refunds(),
                    closed);
        });
    }
}
