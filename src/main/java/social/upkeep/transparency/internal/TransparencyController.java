package social.upkeep.transparency.internal;

import java.time.Duration;
import java.time.LocalDate;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import social.upkeep.shared.LongDates;
import social.upkeep.billing.PublicSupporters;
import social.upkeep.expense.Expense;
import social.upkeep.expense.Expenses;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.shared.CsvWriter;
import social.upkeep.shared.Money;
import social.upkeep.shared.MoneyFormat;
import social.upkeep.shared.NotFound;
import social.upkeep.shared.PageMeta;
import social.upkeep.tier.Tier;
import social.upkeep.tier.Tiers;

/**
 * A server's public funding page and its machine-readable forms. Public responses set no cookie, load
 * nothing from elsewhere and need no JavaScript; they may be cached for a minute.
 */
@Controller
class TransparencyController {

    /** Far more than any server records; the CSV lists every expense in force. */
    private static final int ALL_EXPENSES = 1_000_000;
    private static final CacheControl PUBLIC = CacheControl.maxAge(Duration.ofMinutes(1)).cachePublic();

    private final Instances instances;
    private final ReportCache reports;
    private final Expenses expenses;
    private final MessageSource messages;
    private final String baseUrl;
    private final PublicSupporters supporters;
    private final Tiers tiers;

    /** A tier as the public page offers it: with the yearly saving and, on a capped tier, the places left. */
    record Offer(Tier tier, @Nullable Money yearlySaving, @Nullable Integer placesLeft) {
    }

    TransparencyController(Instances instances, ReportCache reports, Expenses expenses, MessageSource messages,
            @Value("${upkeep.base-url}") String baseUrl, PublicSupporters supporters, Tiers tiers) {
        this.tiers = tiers;
        this.supporters = supporters;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.instances = instances;
        this.reports = reports;
        this.expenses = expenses;
        this.messages = messages;
    }

    @GetMapping("/servers/{host}")
    String page(@PathVariable String host, @RequestParam(defaultValue = "24") int range, Model model,
            Locale locale, jakarta.servlet.http.HttpServletResponse response) {
        response.setHeader("Cache-Control", "max-age=60, public");
        FundingReport report = reports.report(server(host));
        var shown = report.months().subList(range == 12 ? report.months().size() - 12 : 0, report.months().size());
        model.addAttribute("report", report);
        model.addAttribute("chart", Chart.of(shown, report.server().currency()));
        model.addAttribute("range", range == 12 ? 12 : 24);
        model.addAttribute("supporters", supporters.listed(report.server().id()));
        offers(report.server(), model, locale);
        // Snippets for other sites need absolute addresses: the configured base URL, not this request's.
        model.addAttribute("absolute", pageUrl(report.server()));
        model.addAttribute("supportUrl", baseUrl + "/support/" + report.server().host());
        model.addAttribute("pageMeta", meta(report, locale));
        // The list shows the latest expenses; it says how many there are and links to every month in full.
        model.addAttribute("expenseCount", expenses.countInForce(report.server().id(),
                report.month().minusMonths(11).atDay(1), report.today()));
        model.addAttribute("expenseMonths", java.util.stream.IntStream.range(0, 12)
                .mapToObj(back -> report.month().minusMonths(back))
                .filter(month -> !month.isBefore(java.time.YearMonth.from(report.server().foundedOn()))).toList());
        return "transparency/page";
    }

    /** Every expense of one month, for the reader who wants all of them (the page shows the latest). */
    @GetMapping("/servers/{host}/expenses")
    String expensesOfMonth(@PathVariable String host, @RequestParam String month, Model model,
            jakarta.servlet.http.HttpServletResponse response) {
        Instance server = server(host);
        java.time.YearMonth shown;
        try {
            shown = java.time.YearMonth.parse(month);
        } catch (java.time.format.DateTimeParseException e) {
            throw new NotFound("Month");
        }
        response.setHeader("Cache-Control", "max-age=60, public");
        var list = expenses.inForce(server.id(), shown.atDay(1), shown.atEndOfMonth(), ALL_EXPENSES);
        model.addAttribute("server", server);
        model.addAttribute("shown", shown);
        model.addAttribute("expenses", list);
        model.addAttribute("total", list.stream().map(Expense::booked).reduce(Money.zero(server.currency()),
                Money::plus));
        return "transparency/expenses";
    }

    /** Search engines and link previews: the page may be indexed; the preview shows this month's goal. */
    private PageMeta meta(FundingReport report, Locale locale) {
        String name = report.server().displayName();
        String[] lines = previewLines(report, locale);
        return new PageMeta(messages.getMessage("public.heading", new Object[] {name}, locale),
                messages.getMessage("public.meta.description", new Object[] {name, lines[0]}, locale),
                pageUrl(report.server()), pageUrl(report.server()) + "/preview.png",
                messages.getMessage("public.meta.image-alt", new Object[] {name, String.join(" ", lines)}, locale),
                !report.server().demo());
    }

    /** This month against the goal, and how long the money lasts, as the page says them. */
    private String[] previewLines(FundingReport report, Locale locale) {
        String goal = report.goal() == null
                ? messages.getMessage("public.preview.no-goal", null, locale)
                : messages.getMessage("public.goal.covered", new Object[] {MoneyFormat.format(report.covered(), locale),
                        MoneyFormat.format(report.goal(), locale), report.coveredPercent()}, locale);
        String runway = switch (report.runway().status()) {
            case FUNDED_UNTIL -> messages.getMessage("public.runway.until", new Object[] {
                    LongDates.in(locale).format(report.runway().fundedUntil())}, locale);
            case SUSTAINABLE -> messages.getMessage("public.runway.sustainable", null, locale);
            case EXHAUSTED -> messages.getMessage("public.runway.exhausted", null, locale);
            default -> messages.getMessage("public.balance", new Object[] {
                    MoneyFormat.format(report.balance(), locale)}, locale);
        };
        return new String[] {goal, runway};
    }

    /** The link preview's picture (PNG, since Mastodon's cards show no SVG). */
    @GetMapping("/servers/{host}/preview.png")
    ResponseEntity<byte[]> preview(@PathVariable String host, Locale locale) {
        FundingReport report = reports.report(server(host));
        byte[] png = PreviewImage.png(report.server().displayName(), report.goal() == null ? null
                : report.coveredPercent(), messages.getMessage("app.name", null, locale), previewLines(report, locale));
        return ResponseEntity.ok().cacheControl(PUBLIC).contentType(MediaType.IMAGE_PNG).body(png);
    }

    /** The way to give, for everyone: the open tiers, the donation options, and how many give how much. */
    private void offers(Instance server, Model model, Locale locale) {
        Map<Long, Integer> members = supporters.membersByTier(server.id());
        model.addAttribute("offers", tiers.all(server.id()).stream().filter(Tier::open).map(tier -> new Offer(tier,
                saving(tier), tier.capacity() == null ? null
                        : Math.max(0, tier.capacity() - members.getOrDefault(tier.id(), 0)))).toList());
        var options = tiers.donationOptions(server.id(), server.currency());
        model.addAttribute("options", options);
        model.addAttribute("presets", options.presets().stream().map(money -> MoneyFormat.format(money, locale))
                .toList());
        model.addAttribute("summary", supporters.summary(server.id(), server.currency()));
    }

    private static @Nullable Money saving(Tier tier) {
        if (tier.monthly() == null || tier.yearly() == null) {
            return null;
        }
        Money saving = tier.monthly().times(12).minus(tier.yearly());
        return saving.minor() > 0 ? saving : null;
    }

    @GetMapping("/servers/{host}/widget")
    String widget(@PathVariable String host, Model model) {
        Instance server = server(host);
        model.addAttribute("report", reports.report(server));
        return "transparency/widget";
    }

    @GetMapping(value = "/servers/{host}/funding.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ResponseEntity<Map<String, Object>> json(@PathVariable String host) {
        Instance server = server(host);
        return ResponseEntity.ok().cacheControl(PUBLIC)
                .header("Access-Control-Allow-Origin", "*")
                .body(FundingJson.of(reports.report(server), pageUrl(server), messages));
    }

    @GetMapping("/servers/{host}/funding.csv")
    ResponseEntity<String> monthsCsv(@PathVariable String host) {
        FundingReport report = reports.report(server(host));
        var csv = new CsvWriter().row(List.of("month", "currency", "income", "costs", "net", "closed"));
        String currency = report.server().currency().getCurrencyCode();
        for (var month : report.months()) {
            csv.row(List.of(month.month().toString(), currency, month.income().toMajor().toPlainString(),
                    month.costs().toMajor().toPlainString(), month.net().toMajor().toPlainString(),
                    String.valueOf(month.closed())));
        }
        return csv(csv, report.server().host() + "-funding.csv");
    }

    @GetMapping("/servers/{host}/expenses.csv")
    ResponseEntity<String> expensesCsv(@PathVariable String host) {
        Instance server = server(host);
        var csv = new CsvWriter().row(List.of("date", "category", "vendor", "description", "currency", "amount",
                "charged_currency", "charged_amount"));
        for (Expense e : expenses.inForce(server.id(), server.foundedOn(), LocalDate.MAX, ALL_EXPENSES)) {
            csv.row(List.of(e.spentOn().toString(), CsvWriter.text(FundingJson.label(e.category(), messages)),
                    CsvWriter.text(e.vendor()), CsvWriter.text(e.description()), e.booked().currency().getCurrencyCode(),
                    e.booked().toMajor().toPlainString(), e.charged().currency().getCurrencyCode(),
                    e.charged().toMajor().toPlainString()));
        }
        return csv(csv, server.host() + "-expenses.csv");
    }

    @GetMapping("/servers/{host}/feed.atom")
    ResponseEntity<String> feed(@PathVariable String host, Locale locale) {
        Instance server = server(host);
        FundingReport report = reports.report(server);
        return ResponseEntity.ok().cacheControl(PUBLIC)
                .contentType(MediaType.parseMediaType("application/atom+xml;charset=UTF-8"))
                .body(AtomFeed.of(report, pageUrl(server), messages, locale, money -> MoneyFormat.format(money, locale)));
    }

    @GetMapping("/servers/{host}/badge.svg")
    ResponseEntity<String> badge(@PathVariable String host, Locale locale) {
        FundingReport report = reports.report(server(host));
        String label = messages.getMessage("badge.label", null, locale);
        String value = report.coveredPercent() == null ? "–" : report.coveredPercent() + " %";
        return ResponseEntity.ok().cacheControl(PUBLIC)
                .contentType(MediaType.parseMediaType("image/svg+xml;charset=UTF-8"))
                .body(Badge.svg(label, value));
    }

    @GetMapping("/servers/{host}/receipts/{expenseId}")
    ResponseEntity<byte[]> receipt(@PathVariable String host, @PathVariable long expenseId) {
        Instance server = server(host);
        var receipt = expenses.receipt(server.id(), expenseId, true).orElseThrow(() -> new NotFound("Receipt"));
        return ResponseEntity.ok().cacheControl(PUBLIC)
                .contentType(MediaType.parseMediaType(receipt.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                        .filename("receipt-" + expenseId + "." + receipt.extension()).build().toString())
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                .body(receipt.content());
    }

    private Instance server(String host) {
        return instances.findByHost(host).orElseThrow(() -> new NotFound("Server"));
    }

    /** The page's address under UPKEEP_BASE_URL: feeds and JSON are read elsewhere and need it whole. */
    private String pageUrl(Instance server) {
        return baseUrl + "/servers/" + server.host();
    }

    private static ResponseEntity<String> csv(CsvWriter csv, String fileName) {
        return ResponseEntity.ok().cacheControl(PUBLIC)
                .contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(fileName).build().toString())
                .body(csv.toString());
    }
}
