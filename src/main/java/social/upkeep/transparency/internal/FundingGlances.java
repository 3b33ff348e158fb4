package social.upkeep.transparency.internal;

import org.springframework.stereotype.Component;
import social.upkeep.instance.Instance;
import social.upkeep.transparency.FundingGlance;

/** The headline figures, from the same report the public page shows. */
@Component
class FundingGlances implements FundingGlance {

    private final FundingReports reports;

    FundingGlances(FundingReports reports) {
        this.reports = reports;
    }

    @Override
    public Glance of(Instance server) {
        FundingReport report = reports.report(server);
        return new Glance(report.goal(), report.covered(), report.coveredPercent(), report.balance(),
                report.runway().status().name(), report.runway().fundedUntil());
    }
}
