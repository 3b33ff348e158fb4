package social.upkeep.expense.internal;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;
import social.upkeep.expense.RecurringCosts;

/** Books the recurring costs that fell due; safe to run twice or on two nodes (see {@link RecurringCosts}). */
@DisallowConcurrentExecution
class RecurringCostJob extends QuartzJobBean {

    private final RecurringCosts costs;

    RecurringCostJob(RecurringCosts costs) {
        this.costs = costs;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        costs.bookAllDue();
    }
}
