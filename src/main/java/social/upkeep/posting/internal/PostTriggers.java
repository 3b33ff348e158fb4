package social.upkeep.posting.internal;

import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import social.upkeep.billing.PublicSupporters;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.ledger.ClosedMonth;
import social.upkeep.ledger.MonthClosing;
import social.upkeep.ledger.MonthsClosed;
import social.upkeep.transparency.FundingGlance;

/**
 * When a post is due: a month closed (its report; only the newest when several close at once), the month's goal
 * reached (looked at every quarter of an hour, posted once a month), new supporters who agreed to be named (a daily
 * thank-you, at most {@value #NAMES_PER_POST} names, the rest the next day). Each is queued once by its cause key;
 * nothing is queued while posting is off.
 */
@Component
class PostTriggers {

    static final int NAMES_PER_POST = 20;

    private final PostStore store;
    private final PostWriter writer;
    private final Instances instances;
    private final MonthClosing closing;
    private final FundingGlance glances;
    private final PublicSupporters supporters;
    private final Clock clock;

    PostTriggers(PostStore store, PostWriter writer, Instances instances, MonthClosing closing, FundingGlance glances,
            PublicSupporters supporters, Clock clock) {
        this.store = store;
        this.writer = writer;
        this.instances = instances;
        this.closing = closing;
        this.glances = glances;
        this.supporters = supporters;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(MonthsClosed event) {
        PostingSettings settings = store.settings(event.instanceId());
        if (!settings.wants(PostKind.MONTH_REPORT) || event.months().isEmpty()) {
            return;
        }
        YearMonth newest = YearMonth.parse(event.months().get(event.months().size() - 1));
        Instance server = instances.get(event.instanceId());
        closing.closedMonths(server.id()).stream().filter(month -> month.month().equals(newest)).findFirst()
                .ifPresent(month -> queue(server, settings, PostKind.MONTH_REPORT, "post:month:" + server.id() + ":"
                        + newest, writer.monthReport(server, settings, month, glances.of(server))));
    }

    /**
     * Queues the goal post when this month's support covers the goal (checked every quarter of an hour rather than
     * on each booking, which would compute the report in every payment's path); false when it is not due.
     */
    boolean checkGoal(long instanceId) {
        PostingSettings settings = store.settings(instanceId);
        if (!settings.wants(PostKind.GOAL_REACHED)) {
            return false;
        }
        Instance server = instances.get(instanceId);
        FundingGlance.Glance glance = glances.of(server);
        if (glance.goal() == null || glance.coveredPercent() == null || glance.coveredPercent() < 100) {
            return false;
        }
        YearMonth month = server.currentMonth(clock);
        queue(server, settings, PostKind.GOAL_REACHED, "post:goal:" + server.id() + ":" + month,
                writer.goalReached(server, settings, month, glance));
        return true;
    }

    /** Thanks the supporters named on the public page since the last thank-you; returns how many. */
    int thankNewSupporters(long instanceId) {
        PostingSettings settings = store.settings(instanceId);
        if (!settings.wants(PostKind.THANKS)) {
            return 0;
        }
        Set<Long> thanked = store.thanked(instanceId);
        List<PublicSupporters.Listed> fresh = supporters.listedSupporters(instanceId).stream()
                .filter(listed -> !thanked.contains(listed.supporterId())).limit(NAMES_PER_POST).toList();
        if (fresh.isEmpty()) {
            return 0;
        }
        Instance server = instances.get(instanceId);
        List<Long> ids = new ArrayList<>();
        fresh.forEach(listed -> ids.add(listed.supporterId()));
        queue(server, settings, PostKind.THANKS, "post:thanks:" + instanceId + ":" + server.today(clock),
                writer.thanks(server, settings, fresh.stream().map(PublicSupporters.Listed::name).toList()));
        store.markThanked(instanceId, ids, clock.instant());
        return fresh.size();
    }

    /** Those already named when thanks are switched on are not thanked as new. */
    void thankNoneBefore(long instanceId) {
        store.markThanked(instanceId, supporters.listedSupporters(instanceId).stream()
                .map(PublicSupporters.Listed::supporterId).toList(), clock.instant());
    }

    private void queue(Instance server, PostingSettings settings, PostKind kind, String cause, String body) {
        store.queue(server.id(), cause, kind, body, settings.language(), settings.visibility(), clock.instant());
    }
}
