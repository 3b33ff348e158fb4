package social.upkeep.shared.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.Trigger.CompletedExecutionInstruction;
import org.quartz.TriggerBuilder;
import org.quartz.impl.JobExecutionContextImpl;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredBundle;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import social.upkeep.support.UpkeepTest;

/**
 * A period that already ran is not run again when Quartz fires it a second time (as it does when it takes a busy
 * node for a dead one); a period whose node died before finishing it is taken over by Quartz's recovery.
 */
@UpkeepTest
class OncePerPeriodTest {

    static final Date PERIOD = Date.from(UpkeepTest.START);

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    @Autowired
    Scheduler scheduler;

    @Test
    void aSecondFiringOfAPeriodIsVetoedAndADeadNodesUnfinishedPeriodIsTakenOver() {
        var once = new OncePerPeriod(jdbc, clock);
        JobDetail job = JobBuilder.newJob(Job.class).withIdentity("report", "test").build();

        var first = fired(job, PERIOD, false);
        assertThat(once.vetoJobExecution(first.getTrigger(), first)).as("the first firing runs").isFalse();
        var again = fired(job, PERIOD, false);
        assertThat(once.vetoJobExecution(again.getTrigger(), again)).as("a second one, while it runs").isTrue();
        once.triggerComplete(first.getTrigger(), first, CompletedExecutionInstruction.NOOP);
        var recovered = fired(job, PERIOD, true);
        assertThat(once.vetoJobExecution(recovered.getTrigger(), recovered))
                .as("Quartz's recovery of a period that finished").isTrue();

        Date next = new Date(PERIOD.getTime() + 60_000);
        var dying = fired(job, next, false);
        assertThat(once.vetoJobExecution(dying.getTrigger(), dying)).isFalse(); // its node dies without finishing
        var takeover = fired(job, next, true);
        assertThat(once.vetoJobExecution(takeover.getTrigger(), takeover)).as("taken over after death").isFalse();
        var late = fired(job, next, false);
        assertThat(once.vetoJobExecution(late.getTrigger(), late)).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM job_run WHERE job_name = 'test.report'").query(Integer.class)
                .single()).isEqualTo(2);
    }

    private JobExecutionContextImpl fired(JobDetail job, Date period, boolean recovering) {
        var trigger = (OperableTrigger) TriggerBuilder.newTrigger().forJob(job).startAt(period).build();
        return new JobExecutionContextImpl(scheduler, new TriggerFiredBundle(job, trigger, null, recovering, period,
                period, null, null), context -> { });
    }
}
