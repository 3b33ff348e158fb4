package social.upkeep.transparency.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import social.upkeep.expense.ExpenseCategories;
import social.upkeep.shared.Money;

/**
 * The documented, versioned JSON form of a funding report ("upkeep-funding", version 1; see README.md).
 * Amounts are objects with integer minor units and the decimal value as a string, in the server's currency.
 */
final class FundingJson {

    static final String FORMAT = "upkeep-funding";
    static final int VERSION = 1;

    private FundingJson() {
    }

    static Map<String, Object> of(FundingReport report, String pageUrl, MessageSource messages) {
        var server = report.server();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("version", VERSION);
        json.put("server", Map.of("host", server.host(), "name", server.displayName(), "page", pageUrl));
        json.put("currency", server.currency().getCurrencyCode());
        json.put("as_of", report.today().toString());
        json.put("month", report.month().toString());
        json.put("goal", amount(report.goal()));
        json.put("goal_is_costs", report.goalIsCosts());
        json.put("covered", amount(report.covered()));
        json.put("covered_percent", report.coveredPercent());
        json.put("grants_this_month", amount(report.grantsThisMonth()));
        json.put("balance", amount(report.balance()));
        Map<String, Object> runway = new LinkedHashMap<>();
        runway.put("status", report.runway().status().name().toLowerCase(Locale.ROOT));
        runway.put("funded_until", report.runway().fundedUntil() == null ? null : report.runway().fundedUntil().toString());
        runway.put("average_monthly_net_cost", amount(report.runway().averageNetCost()));
        runway.put("months_averaged", report.runway().monthsUsed());
        json.put("runway", runway);
        json.put("active_users", server.activeUsers());
        json.put("cost_per_active_user", amount(report.costPerActiveUser()));
        json.put("months", report.months().stream().map(month -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("month", month.month().toString());
            row.put("income", amount(month.income()));
            row.put("costs", amount(month.costs()));
            row.put("net", amount(month.net()));
            row.put("closed", month.closed());
            return row;
        }).toList());
        json.put("costs_by_category", report.costsByCategory().entrySet().stream().map(entry -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("category", entry.getKey());
            row.put("label", label(entry.getKey(), messages));
            row.put("amount", amount(entry.getValue()));
            return row;
        }).toList());
        json.put("restricted", amount(report.restricted()));
        json.put("general_funds", amount(report.generalFunds()));
        json.put("grants", report.grants().stream().map(grant -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("funder", grant.funder());
            row.put("purpose", grant.purpose());
            row.put("status", grant.status().name().toLowerCase(Locale.ROOT));
            row.put("restricted", grant.restricted());
            row.put("starts_on", grant.startsOn().toString());
            row.put("ends_on", grant.endsOn().toString());
            row.put("amount", Map.of("minor", grant.amount().minor(), "value", grant.amount().toMajor().toPlainString(),
                    "currency", grant.amount().currency().getCurrencyCode()));
            row.put("received", amount(grant.received()));
            row.put("spent", amount(grant.spent()));
            row.put("remaining", amount(grant.remaining()));
            return row;
        }).toList());
        return json;
    }

    /** A category's English name: an operator's own as they wrote it. */
    static String label(String category, MessageSource messages) {
        return ExpenseCategories.isCustom(category) ? ExpenseCategories.customName(category)
                : messages.getMessage("expense.category." + category, null, category, Locale.ENGLISH);
    }

    static @Nullable Map<String, Object> amount(@Nullable Money money) {
        if (money == null) {
            return null;
        }
        return Map.of("minor", money.minor(), "value", money.toMajor().toPlainString());
    }
}
