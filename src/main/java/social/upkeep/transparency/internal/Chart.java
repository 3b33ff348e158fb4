package social.upkeep.transparency.internal;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import social.upkeep.shared.Money;

/**
 * Income and costs per month as the bars of an SVG drawn on the server: coordinates only, no script and no
 * inline style, so the chart works without JavaScript and under the strict Content-Security-Policy.
 */
public record Chart(int width, int height, int baseline, List<Bar> bars, List<Label> labels, Money max) {

    public record Bar(int x, int y, int width, int height, boolean income, YearMonth month, Money amount) {
    }

    public record Label(int x, YearMonth month) {
    }

    static final int HEIGHT = 220;
    static final int TOP = 12;
    static final int BOTTOM = 24;
    static final int LEFT = 8;
    static final int GROUP = 30;
    static final int BAR = 12;

    static Chart of(List<FundingReport.MonthRow> months, java.util.Currency currency) {
        long max = 1;
        for (var month : months) {
            max = Math.max(max, Math.max(month.income().minor(), month.costs().minor()));
        }
        int plot = HEIGHT - TOP - BOTTOM;
        List<Bar> bars = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < months.size(); i++) {
            var month = months.get(i);
            int x = LEFT + i * GROUP;
            int income = scale(month.income().minor(), max, plot);
            int costs = scale(month.costs().minor(), max, plot);
            bars.add(new Bar(x, TOP + plot - income, BAR, income, true, month.month(), month.income()));
            bars.add(new Bar(x + BAR + 1, TOP + plot - costs, BAR, costs, false, month.month(), month.costs()));
            if (i % 3 == 0) {
                labels.add(new Label(x, month.month()));
            }
        }
        return new Chart(LEFT * 2 + months.size() * GROUP, HEIGHT, TOP + plot, bars, labels,
                new Money(max, currency));
    }

    private static int scale(long value, long max, int plot) {
        return value <= 0 ? 0 : (int) Math.max(1, value * plot / max);
    }
}
