package social.upkeep.demo;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import social.upkeep.expense.ExpenseDetails;
import social.upkeep.expense.Expenses;
import social.upkeep.expense.RecurringCosts;
import social.upkeep.grant.Grant;
import social.upkeep.grant.GrantDetails;
import social.upkeep.grant.GrantStatus;
import social.upkeep.grant.Grants;
import social.upkeep.instance.Instance;
import social.upkeep.instance.InstanceDetails;
import social.upkeep.instance.Instances;
import social.upkeep.ledger.Booking;
import social.upkeep.ledger.EntryKind;
import social.upkeep.ledger.Ledger;
import social.upkeep.ledger.MonthClosing;
import social.upkeep.shared.Money;

/**
 * With the {@code demo} profile, creates once a server marked as demo ("demo.upkeep.example") with two years
 * of realistic costs, supporter income and fees, a restricted grant, and its months closed. It only ever writes its own server.
 */
@Component
@Profile("demo")
class DemoData implements ApplicationRunner {

    static final String HOST = "demo.upkeep.example";
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    private static final Currency EUR = Currency.getInstance("EUR");

    private final Instances instances;
    private final Ledger ledger;
    private final Expenses expenses;
    private final RecurringCosts recurring;
    private final MonthClosing closing;
    private final Grants grants;
    private final Clock clock;

    DemoData(Instances instances, Ledger ledger, Expenses expenses, RecurringCosts recurring, MonthClosing closing,
            Grants grants, Clock clock) {
        this.grants = grants;
        this.instances = instances;
        this.ledger = ledger;
        this.expenses = expenses;
        this.recurring = recurring;
        this.closing = closing;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (instances.findByHost(HOST).isPresent()) {
            return;
        }
        LocalDate today = LocalDate.now(clock);
        YearMonth first = YearMonth.from(today).minusMonths(24);
        Instance demo = instances.create(new InstanceDetails(HOST, "Demo Social (demo data)", EUR,
                ZoneId.of("Europe/Berlin"), first.atDay(1), null, 2400), true);
        recurring.add(demo.id(), cost(first.atDay(3), "hosting", "Hetzner", "Dedicated server AX52", 8900), 3);
        recurring.add(demo.id(), cost(first.atDay(3), "storage-cdn", "Backblaze B2", "Media storage", 2300), 3);
        recurring.add(demo.id(), cost(first.atDay(5), "email", "Mailgun", "Transactional email", 800), 5);
        recurring.add(demo.id(), cost(first.atDay(8), "backups", "BorgBase", "Offsite backups", 500), 8);
        recurring.add(demo.id(), cost(first.plusMonths(6).atDay(15), "stipends", "Moderation team",
                "Stipend for two moderators", 10000), 15);
        ledger.book(new Booking(demo.id(), EntryKind.MANUAL_INCOME, Money.of(150000, "EUR"), null, first.atDay(1),
                "Start-up donation from the founders", "bank-transfer", "demo:founders"));
        var random = new Random(42);
        for (YearMonth month = first; !month.isAfter(YearMonth.from(today)); month = month.plusMonths(1)) {
            if (month.getMonthValue() == 3) {
                expenses.add(demo.id(), cost(month.atDay(12), "domain", "Gandi", "demo.upkeep.example, one year", 1500),
                        null, false, null);
            }
            int supporters = 14 + (int) first.until(month, java.time.temporal.ChronoUnit.MONTHS) / 2;
            for (int i = 0; i < supporters; i++) {
                LocalDate day = month.atDay(1 + random.nextInt(28));
                if (day.isAfter(today)) {
                    continue;
                }
                long amount = new long[] {300, 500, 500, 1000, 1000, 2000}[random.nextInt(6)];
                String key = "demo:" + month + ":" + i;
                ledger.book(new Booking(demo.id(), EntryKind.INCOME, Money.of(amount, "EUR"), null, day,
                        "Supporter payment", null, key));
                ledger.book(new Booking(demo.id(), EntryKind.PROCESSOR_FEE, Money.of(-(25 + amount * 15 / 1000), "EUR"),
                        null, day, "Stripe fee", null, key + ":fee"));
            }
            if (month.getMonthValue() % 6 == 0 && !month.atDay(20).isAfter(today)) {
                ledger.book(new Booking(demo.id(), EntryKind.MANUAL_INCOME, Money.of(25000, "EUR"), null,
                        month.atDay(20), "Donation from a local user group", "bank-transfer", "demo:bank:" + month));
            }
        }
        grant(demo, today);
        closing.closeThrough(demo.id(), YearMonth.from(today).minusMonths(1));
        log.info("Demo data: created the demo server at /servers/{}", HOST);
    }

    /** A restricted grant paying the moderators' stipends, half received, with a report due soon. */
    private void grant(Instance demo, LocalDate today) {
        LocalDate start = today.minusMonths(8).withDayOfMonth(1);
        Grant grant = grants.create(demo.id(), new GrantDetails("Example Foundation", "Moderation stipends",
                Money.of(300000, "EUR"), GrantStatus.ACTIVE, start, start.plusYears(1).minusDays(1), true, true));
        grants.addTranche(demo.id(), grant.id(), start, Money.of(150000, "EUR"));
        grants.addTranche(demo.id(), grant.id(), start.plusMonths(9), Money.of(150000, "EUR"));
        grants.receiveTranche(demo.id(), grant.id(), grants.get(demo.id(), grant.id()).tranches().get(0).id(),
                start.plusDays(4), Money.of(150000, "EUR"));
        grants.addDeadline(demo.id(), grant.id(), today.plusDays(20), "Interim report on moderation work");
        expenses.all(demo.id()).stream()
                .filter(e -> e.category().equals("stipends") && !e.spentOn().isBefore(start))
                .forEach(e -> grants.allocate(demo.id(), grant.id(), e.id()));
    }

    private static ExpenseDetails cost(LocalDate date, String category, String vendor, String description, long minor) {
        return new ExpenseDetails(date, category, vendor, description, Money.of(minor, "EUR"), Money.of(minor, "EUR"));
    }
}
