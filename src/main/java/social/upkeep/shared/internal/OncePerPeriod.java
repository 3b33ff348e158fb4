package social.upkeep.shared.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.Trigger.CompletedExecutionInstruction;
import org.quartz.TriggerListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Each scheduled job runs once per period across the cluster. Quartz fires a period on one node, but when a node
 * misses its check-ins (a long pause, not death) another "recovers" its jobs and a period may run twice; so the
 * node about to run a period first claims it in {@code job_run}. A second firing of a claimed period is vetoed,
 * unless it is Quartz's recovery of a period whose node never finished it (the node died mid-run): that one is
 * taken over. Claims older than a week are dropped as new ones are made.
 */
class OncePerPeriod implements TriggerListener {

    private static final Logger log = LoggerFactory.getLogger(OncePerPeriod.class);
    private static final Duration KEEP = Duration.ofDays(7);

    private final JdbcClient jdbc;
    private final Clock clock;

    OncePerPeriod(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public String getName() {
        return "once-per-period";
    }

    @Override
    public boolean vetoJobExecution(Trigger trigger, JobExecutionContext context) {
        String job = context.getJobDetail().getKey().toString();
        OffsetDateTime period = context.getScheduledFireTime().toInstant().atOffset(ZoneOffset.UTC);
        String node = node(context);
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        boolean claimed = jdbc.sql("""
                        INSERT INTO job_run (job_name, scheduled_for, node, started_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT DO NOTHING""").params(job, period, node, now).update() == 1;
        if (claimed) {
            jdbc.sql("DELETE FROM job_run WHERE scheduled_for < ?").param(period.minus(KEEP)).update();
            return false;
        }
        if (context.isRecovering() && jdbc.sql("""
                        UPDATE job_run SET node = ?, started_at = ?
                        WHERE job_name = ? AND scheduled_for = ? AND finished_at IS NULL""")
                .params(node, now, job, period).update() == 1) {
            log.info("{} of {}: its node did not finish it; running it here", job, period);
            return false;
        }
        log.info("{} of {} already ran on another node; not again", job, period);
        return true;
    }

    @Override
    public void triggerComplete(Trigger trigger, JobExecutionContext context,
            CompletedExecutionInstruction instruction) {
        jdbc.sql("UPDATE job_run SET finished_at = ? WHERE job_name = ? AND scheduled_for = ?")
                .params(clock.instant().atOffset(ZoneOffset.UTC), context.getJobDetail().getKey().toString(),
                        context.getScheduledFireTime().toInstant().atOffset(ZoneOffset.UTC))
                .update();
    }

    @Override
    public void triggerFired(Trigger trigger, JobExecutionContext context) {
    }

    @Override
    public void triggerMisfired(Trigger trigger) {
    }

    private static String node(JobExecutionContext context) {
        try {
            return context.getScheduler().getSchedulerInstanceId();
        } catch (SchedulerException e) {
            return "unknown";
        }
    }
}
