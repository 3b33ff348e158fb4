package social.upkeep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.JobListener;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.matchers.GroupMatcher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import social.upkeep.support.SecondNode;
import social.upkeep.support.UpkeepTest;

/**
 * Every scheduled job fires once per period across two nodes: the test's own and a second one on the same
 * database, each with its clustered Quartz scheduler. A day is compressed into 24 one-second "hours": each job's
 * trigger is replaced by one that fires every second 24 times, and a listener on both nodes counts who ran what.
 */
@UpkeepTest
@TestPropertySource(properties = ClusterJobsTest.IDLE_WAIT + "=1000")
class ClusterJobsTest {

    static final int HOURS = 24;
    /**
     * A scheduler looks for due triggers every 30 s unless told of a change, and only the node that changes the
     * triggers is told: both nodes look every second, or this compressed day would be over before one looked.
     */
    static final String IDLE_WAIT = "spring.quartz.properties.org.quartz.scheduler.idleWaitTime";

    @Autowired
    ApplicationContext context;

    @Autowired
    Scheduler scheduler;

    SecondNode nodeB;
    Scheduler schedulerB;
    /**
     * Triggers are replaced through node B, in a transaction on node B's pool. Quartz's Spring job store takes its
     * row lock on the caller's connection: outside a transaction each statement commits, the lock is let go at
     * once, and a replacement (delete, then insert) can interleave with a node firing the same trigger (seen in CI:
     * a duplicate key on qrtz_triggers). Spring's own registration at startup runs in a transaction. Node B's,
     * because Quartz keeps one JVM-wide table of data sources by scheduler name (see SecondNode): while B runs,
     * both nodes' stores take connections from B's pool, and only B's recognises B's transaction as its own.
     */
    TransactionTemplate transactions;
    /** When the compressed day begins: a job's own trigger may still fire while the test replaces it. */
    volatile Date start = new Date(Long.MAX_VALUE);
    final Map<Trigger, JobKey> original = new ConcurrentHashMap<>();
    final List<Execution> executions = java.util.Collections.synchronizedList(new ArrayList<>());
    final java.util.concurrent.atomic.AtomicInteger vetoed = new java.util.concurrent.atomic.AtomicInteger();

    record Execution(String node, JobKey job, Date scheduledFor) {
    }

    @BeforeEach
    void twoNodes() {
        nodeB = SecondNode.like(context, Map.of(IDLE_WAIT, "1000"));
        schedulerB = nodeB.bean(Scheduler.class);
        transactions = new TransactionTemplate(new JdbcTransactionManager(nodeB.bean(DataSource.class)));
    }

    @AfterEach
    void restore() throws Exception {
        for (Scheduler node : List.of(scheduler, schedulerB)) {
            node.getListenerManager().removeJobListener("count");
        }
        transactions.executeWithoutResult(tx -> {
            for (var trigger : original.keySet()) {
                reschedule(trigger);
            }
        });
        nodeB.close();
    }

    @Test
    void eachJobRunsOncePerPeriodAcrossTheNodes() throws Exception {
        assertThat(schedulerB.getSchedulerInstanceId()).isNotEqualTo(scheduler.getSchedulerInstanceId());
        assertThat(schedulerB.getMetaData().isJobStoreClustered()).isTrue();
        scheduler.getListenerManager().addJobListener(new Counting("A"));
        schedulerB.getListenerManager().addJobListener(new Counting("B"));

        Set<JobKey> jobs = scheduler.getJobKeys(GroupMatcher.anyJobGroup());
        assertThat(jobs).extracting(JobKey::getName).contains("mail-delivery", "membership-clock", "role-sync",
                "monthly-report", "stripe-missed-events", "stripe-monthly-balance", "grant-deadlines",
                "recurring-costs", "month-ready", "active-users");
        start = Date.from(Instant.now().plusSeconds(2));
        transactions.executeWithoutResult(tx -> {
            for (JobKey job : jobs) {
                for (Trigger trigger : triggersOf(job)) {
                    original.put(trigger, job);
                    reschedule(TriggerBuilder.newTrigger().withIdentity(trigger.getKey()).forJob(job).startAt(start)
                            .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInSeconds(1)
                                    .withRepeatCount(HOURS - 1)
                                    // On a loaded machine a firing can fall more than Quartz's misfire threshold
                                    // (60 s) behind; the default for a counted trigger then skips it. A real
                                    // day's periods are an hour apart, so this only keeps the compressed day's
                                    // count whole.
                                    .withMisfireHandlingInstructionNowWithExistingCount()).build());
                }
            }
        });
        int expected = HOURS * original.size();
        Instant deadline = Instant.now().plusSeconds(HOURS + 60);
        while (executions.size() < expected && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        Thread.sleep(2_000); // a second firing of any period would show up by now

        Map<JobKey, List<Execution>> byJob = executions.stream().collect(Collectors.groupingBy(Execution::job));
        for (JobKey job : jobs) {
            List<Execution> ran = byJob.getOrDefault(job, List.of());
            assertThat(ran).as("%s ran once in each of the %d periods", job, HOURS).hasSize(HOURS);
            assertThat(ran.stream().map(Execution::scheduledFor).distinct()).as("no period of %s twice", job)
                    .hasSize(HOURS);
        }
        Map<String, Long> perNode = executions.stream()
                .collect(Collectors.groupingBy(Execution::node, Collectors.counting()));
        System.out.printf("Jobs over a compressed day: %d executions of %d jobs, by node %s; %d second firings of a "
                + "period vetoed%n", executions.size(), jobs.size(), perNode, vetoed.get());
        assertThat(perNode.keySet()).as("both nodes took work").containsExactlyInAnyOrder("A", "B");
    }

    private List<? extends Trigger> triggersOf(JobKey job) {
        try {
            return schedulerB.getTriggersOfJob(job);
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    private void reschedule(Trigger trigger) {
        try {
            schedulerB.rescheduleJob(trigger.getKey(), trigger);
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records each execution a node's scheduler ran (the job's own work included). */
    private final class Counting implements JobListener {

        private final String node;
        private final Set<String> seen = ConcurrentHashMap.newKeySet();

        Counting(String node) {
            this.node = node;
        }

        @Override
        public String getName() {
            return "count";
        }

        @Override
        public void jobToBeExecuted(JobExecutionContext context) {
        }

        @Override
        public void jobExecutionVetoed(JobExecutionContext context) {
            vetoed.incrementAndGet();
        }

        @Override
        public void jobWasExecuted(JobExecutionContext context, JobExecutionException exception) {
            if (original.containsValue(context.getJobDetail().getKey())
                    && !context.getScheduledFireTime().before(start) && seen.add(context.getFireInstanceId())) {
                executions.add(new Execution(node, context.getJobDetail().getKey(), context.getScheduledFireTime()));
            }
        }
    }
}
