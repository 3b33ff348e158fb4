package social.upkeep.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.membership.Memberships;
import social.upkeep.shared.Money;
import social.upkeep.supporter.Supporter;
import social.upkeep.supporter.Supporters;
import social.upkeep.support.MutableClock;
import social.upkeep.support.Servers;
import social.upkeep.support.StripeStubs;
import social.upkeep.support.StripeWorld;
import social.upkeep.support.StripeWorld.Delivery;
import social.upkeep.support.UpkeepTest;
import social.upkeep.tier.Tier;
import social.upkeep.tier.TierDetails;
import social.upkeep.tier.Tiers;

/**
 * Random lifecycles, each lived by two servers side by side: one gets every event once, in order, as it
 * happens; the other gets them late, shuffled and repeated, while Stripe's objects keep moving. Both must end
 * with the same membership, the same payments and the same ledger.
 */
@UpkeepTest
class EventOrderPropertyTest {

    static final int SEQUENCES = Integer.getInteger("upkeep.property.sequences", 1000);

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Instances instances;

    @Autowired
    Tiers tiers;

    @Autowired
    StripeAccounts accounts;

    @Autowired
    Checkouts checkouts;

    @Autowired
    EventInbox inbox;

    @Autowired
    EventWorker worker;

    @Autowired
    Supporters supporters;

    @Autowired
    Memberships memberships;

    @Autowired
    MutableClock clock;

    /** One server and what it has seen of the world. */
    final class Side {
        final Instance server;
        final List<Tier> tiers;
        final StripeWorld world;
        final List<Delivery> late = new ArrayList<>();
        Supporter supporter;
        long ledgerMark;
        final List<String> stored = new ArrayList<>();

        /** Events of this sequence that did not simply apply, with their last error: for the failure message. */
        String troubles() {
            return jdbc.sql("""
                            SELECT coalesce(string_agg(type || ' ' || status || ' ' || attempts || ' ' || coalesce(last_error, ''),
                                '; '), '') FROM stripe_event
                            WHERE instance_id = ? AND event_id = ANY (?) AND (status <> 'APPLIED' OR last_error IS NOT NULL)""")
                    .params(server.id(), stored.toArray(String[]::new)).query(String.class).single();
        }

        Side(String host) {
            server = Servers.create(instances, host, "EUR");
            accounts.saveKeys(server.id(), StripeStubs.SECRET_KEY, StripeStubs.WEBHOOK_SECRET);
            // Two servers on one stubbed account: each is told it has an account of its own, settling in EUR.
            accounts.checked(server.id(), "acct_" + host, "eur");
            tiers = List.of(tier("Supporter", 500), tier("Patron", 1500));
            world = new StripeWorld(server.id(), clock, "EUR");
        }

        private Tier tier(String name, long monthly) {
            return EventOrderPropertyTest.this.tiers.create(server.id(), server.currency(), new TierDetails(name, "",
                    List.of(), Money.of(monthly, "EUR"), null, null, name, true));
        }

        void begin(int sequence) {
            stored.clear();
            supporter = supporters.signedInWithEmail("seq" + sequence + "@" + server.host());
            ledgerMark = jdbc.sql("SELECT coalesce(max(id), 0) FROM ledger_entry").query(Long.class).single();
        }

        long checkout(Long tierId, Checkouts.Frequency frequency, long amount) {
            return StripeEvents.checkout(checkouts, jdbc, server, supporter, tierId, frequency, amount);
        }

        void deliver(Delivery delivery) {
            store(delivery);
            worker.drain();
        }

        void store(Delivery delivery) {
            stored.add(delivery.eventId());
            inbox.store(server.id(), delivery.eventId(), delivery.type(), com.stripe.Stripe.API_VERSION, false,
                    java.time.Instant.ofEpochSecond(delivery.created()), delivery.payload());
        }

        /** Two worker threads drain at once, as two threads or two nodes would. */
        void drainOnTwoThreads() {
            var second = threads.submit(worker::drain);
            worker.drain();
            try {
                second.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** Events that failed are tried again (their retry comes due) until none is left waiting. */
        void retryUntilQuiet() {
            for (int round = 0; round < 20; round++) {
                int waiting = jdbc.sql("""
                                UPDATE stripe_event SET next_attempt_at = ? WHERE instance_id = ? AND status = 'PENDING'""")
                        .params(clock.instant().atOffset(java.time.ZoneOffset.UTC), server.id()).update();
                if (waiting == 0) {
                    return;
                }
                drainOnTwoThreads();
            }
        }

        /** Everything the server ended with for this sequence, without Stripe's ids (which differ per side). */
        String outcome() {
            String membership = jdbc.sql("""
                            SELECT string_agg(concat_ws(' ', state, paid_through, t.name, amount_minor, frequency,
                                charge_trouble), '; ' ORDER BY m.id)
                            FROM membership m LEFT JOIN tier t ON t.id = m.tier_id WHERE m.supporter_id = ?""")
                    .param(supporter.id()).query(String.class).optional().orElse("");
            String payments = jdbc.sql("""
                            SELECT string_agg(concat_ws(' ', p.amount_minor, p.amount_refunded_minor, p.dispute_status,
                                p.status, p.paid_at), '; ' ORDER BY p.paid_at, p.amount_minor, p.amount_refunded_minor, p.status,
                                p.dispute_status NULLS FIRST)
                            FROM payment p JOIN stripe_customer c ON c.instance_id = p.instance_id
                                AND c.customer_id = p.customer_id
                            WHERE c.supporter_id = ?""")
                    .param(supporter.id()).query(String.class).optional().orElse("");
            String ledger = jdbc.sql("""
                            SELECT string_agg(concat_ws(' ', kind, amount_minor, booked_on, reverses_id IS NOT NULL),
                                '; ' ORDER BY kind, amount_minor, booked_on)
                            FROM ledger_entry WHERE instance_id = ? AND id > ?""")
                    .params(server.id(), ledgerMark).query(String.class).optional().orElse("");
            String waiting = jdbc.sql("""
                            SELECT string_agg(concat_ws(' ', u.kind, u.amount_minor, u.currency), '; '
                                ORDER BY u.kind, u.amount_minor)
                            FROM stripe_unbooked u JOIN payment p ON p.instance_id = u.instance_id
                                AND p.charge_id = u.charge_id
                            JOIN stripe_customer c ON c.instance_id = p.instance_id AND c.customer_id = p.customer_id
                            WHERE c.supporter_id = ?""")
                    .param(supporter.id()).query(String.class).optional().orElse("");
            return "membership: " + membership + "\npayments: " + payments + "\nledger: " + ledger
                    + "\nwaiting: " + waiting;
        }
    }

    Side inOrder;
    Side shuffled;
    final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newSingleThreadExecutor();
    /** How many sequences touched each of Stripe's less common behaviours. */
    final java.util.Map<String, Integer> touched = new java.util.TreeMap<>();

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        StripeStubs.register(registry);
    }

    @BeforeEach
    void setUp() {
        StripeStubs.reset("eur");
        inOrder = new Side("in-order.example");
        shuffled = new Side("shuffled.example");
    }

    @Test
    void eventsDeliveredLateShuffledAndRepeatedEndWhereEventsDeliveredOnceInOrderEnd() {
        long seed = Long.getLong("upkeep.property.seed", System.nanoTime());
        Random random = new Random(seed);
        long started = System.nanoTime();
        for (int sequence = 0; sequence < SEQUENCES; sequence++) {
            clock.set(UpkeepTest.START);
            inOrder.begin(sequence);
            shuffled.begin(sequence);
            Lifecycle life = new Lifecycle(random);
            // A quarter of the sequences: the account settles in USD, converted at a rate, as Stripe does.
            boolean dollars = random.nextInt(4) == 0;
            BigDecimal rate = dollars ? new BigDecimal("1.0842") : null;
            // Some of those name no rate: their bookings wait for the operator, on both sides alike.
            boolean noRate = dollars && random.nextInt(5) == 0;
            // Dispute fees vary by country: 15.00 or 20.00.
            long disputeFee = random.nextBoolean() ? 1500 : 2000;
            for (Side side : List.of(inOrder, shuffled)) {
                side.world.settleIn(dollars ? "usd" : "eur", rate).withExchangeRate(!noRate).disputeFee(disputeFee);
            }
            if (dollars) {
                life.touched.add(noRate ? "settled elsewhere, no rate: waits" : "settled in another currency");
            }
            List<String> steps = live(life);
            int number = sequence;
            shuffled.late.forEach(shuffled::store);
            shuffled.late.clear();
            shuffled.drainOnTwoThreads();
            shuffled.retryUntilQuiet();
            memberships.reviewClock();
            life.touched.forEach(behaviour -> touched.merge(behaviour, 1, Integer::sum));
            assertThat(shuffled.outcome())
                    .as(() -> "sequence %d of seed %d (-Dupkeep.property.seed=%d): %s; events in trouble: %s"
                            .formatted(number, seed, seed, steps, shuffled.troubles()))
                    .isEqualTo(inOrder.outcome());
        }
        threads.shutdown();
        System.out.printf("EventOrderPropertyTest: %d sequences in %.1f s; sequences touching each behaviour:%n",
                SEQUENCES, (System.nanoTime() - started) / 1e9);
        touched.forEach((behaviour, count) -> System.out.printf("  %-32s %5.1f %%%n", behaviour,
                100.0 * count / SEQUENCES));
    }

    /** Lives one random lifecycle on both sides; returns its steps, for the failure message. */
    private List<String> live(Lifecycle life) {
        List<String> steps = new ArrayList<>();
        for (String step = life.first(); step != null; step = life.next()) {
            steps.add(step);
            life.apply(step, inOrder);
            life.apply(step, shuffled);
            inOrder.world.take().forEach(inOrder::deliver);
            List<Delivery> sent = shuffled.world.take();
            shuffled.late.addAll(sent);
            life.deliverSome(shuffled);
            memberships.reviewClock();
        }
        return steps;
    }

    /** The random walk through Stripe's lifecycle, and the random delivery of one side's events. */
    final class Lifecycle {
        final Random random;
        boolean subscription;
        boolean pastDue;
        boolean cancelling;
        boolean over;
        boolean disputeOpen;
        boolean disputed;
        int tier;
        int steps;
        final StripeWorld.Subscription[] subs = new StripeWorld.Subscription[2];
        final String[] charges = new String[2];
        final String[] disputes = new String[2];
        final long[] refunded = new long[1];
        long chargeAmount;
        final java.util.Set<String> touched = new java.util.TreeSet<>();
        final String[] pendingRefunds = new String[2];
        final String[] pendingCharges = new String[2];
        long pendingAmount;
        boolean inquiryOpen;
        final String[] inquiries = new String[2];
        boolean incomplete;
        boolean trialing;
        boolean unpaid;
        boolean pendingNeedsAction;

        Lifecycle(Random random) {
            this.random = random;
        }

        String first() {
            subscription = random.nextInt(4) != 0;
            tier = random.nextInt(3);
            if (!subscription) {
                return "donate";
            }
            int variant = random.nextInt(8);
            return variant == 0 ? "subscribe-incomplete" : variant == 1 ? "subscribe-trial" : "subscribe";
        }

        String next() {
            if (steps++ >= 1 + random.nextInt(7)) {
                return null;
            }
            List<String> options = new ArrayList<>(List.of("wait"));
            if (!disputed && !inquiryOpen && refunded[0] < chargeAmount) {
                options.add("refund");
                options.add("dispute");
                options.add("inquiry");
                if (pendingRefunds[0] == null) {
                    options.add("refund-pending");
                }
            }
            if (pendingRefunds[0] != null) {
                options.add("refund-succeeds");
                options.add("refund-fails");
            }
            if (inquiryOpen) {
                options.add("inquiry-closes");
            }
            if (disputeOpen) {
                options.add("win");
                options.add("lose");
            }
            if (subscription && !over) {
                if (incomplete) {
                    options.addAll(List.of("complete-payment", "expire"));
                } else if (trialing) {
                    options.addAll(List.of("trial-converts", "trial-pauses"));
                } else if (pastDue) {
                    options.addAll(List.of("recover", "give-up"));
                    if (!unpaid) {
                        options.add("mark-unpaid");
                    }
                } else if (cancelling) {
                    options.add("end");
                } else {
                    options.addAll(List.of("renew", "renew", "fail", "cancel", "cancel-in-portal", "change-tier",
                            "change-tier-prorated"));
                }
            }
            return options.get(random.nextInt(options.size()));
        }

        void apply(String step, Side side) {
            int i = side == inOrder ? 0 : 1;
            StripeWorld world = side.world;
            long amount = tier == 2 ? 1000 : side.tiers.get(tier).monthly().minor();
            Long tierId = tier == 2 ? null : side.tiers.get(tier).id();
            switch (step) {
                case "subscribe" -> {
                    subs[i] = world.subscribe(side.checkout(tierId, Checkouts.Frequency.MONTH, amount), tierId, amount,
                            "month");
                    charges[i] = subs[i].lastCharge;
                }
                case "subscribe-incomplete" -> subs[i] = world.subscribeIncomplete(side.checkout(tierId,
                        Checkouts.Frequency.MONTH, amount), tierId, amount, "month");
                case "subscribe-trial" -> subs[i] = world.subscribeWithTrial(side.checkout(tierId,
                        Checkouts.Frequency.MONTH, amount), tierId, amount, "month", 14);
                case "complete-payment" -> {
                    world.completeFirstPayment(subs[i]);
                    charges[i] = subs[i].lastCharge;
                }
                case "expire" -> world.expireIncomplete(subs[i]);
                case "trial-converts" -> {
                    clockTo(subs[i]);
                    world.renew(subs[i]);
                    charges[i] = subs[i].lastCharge;
                }
                case "trial-pauses" -> {
                    clockTo(subs[i]);
                    world.pause(subs[i]);
                }
                case "mark-unpaid" -> world.markUnpaid(subs[i]);
                case "change-tier-prorated" -> world.changeTierProrated(subs[i], side.tiers.get(1).id(), 1500, 1000);
                case "donate" -> charges[i] = world.donate(side.checkout(null, Checkouts.Frequency.ONCE, 2500), 2500);
                case "renew" -> {
                    clockTo(subs[i]);
                    world.renew(subs[i]);
                    charges[i] = subs[i].lastCharge;
                }
                case "fail" -> {
                    clockTo(subs[i]);
                    world.failRenewal(subs[i]);
                }
                case "recover" -> {
                    world.recover(subs[i]);
                    charges[i] = subs[i].lastCharge;
                }
                case "give-up" -> world.cancelForNonPayment(subs[i]);
                case "cancel" -> world.cancelAtPeriodEnd(subs[i]);
                case "cancel-in-portal" -> world.cancelFromPortalInFlexibleMode(subs[i]);
                case "refund-pending" -> {
                    if (i == 0) {
                        pendingNeedsAction = random.nextInt(4) == 0;
                    }
                    pendingCharges[i] = charges[i];
                    pendingRefunds[i] = pendingNeedsAction ? world.refundRequiringAction(charges[i], refundAmount(i))
                            : world.refundPending(charges[i], refundAmount(i));
                }
                case "refund-succeeds" -> world.refundSucceeds(pendingRefunds[i]);
                case "refund-fails" -> {
                    if (pendingNeedsAction) {
                        world.cancelRefund(pendingRefunds[i]);
                    } else {
                        world.refundFails(pendingRefunds[i]);
                    }
                }
                case "inquiry" -> inquiries[i] = world.inquiry(charges[i]);
                case "inquiry-closes" -> world.closeInquiry(inquiries[i]);
                case "end" -> {
                    clockTo(subs[i]);
                    world.endPeriod(subs[i]);
                }
                case "change-tier" -> world.changeTier(subs[i], side.tiers.get(1).id(), 1500);
                case "refund" -> world.refund(charges[i], refundAmount(i));
                case "dispute" -> disputes[i] = world.dispute(charges[i]);
                case "win", "lose" -> world.closeDispute(disputes[i], step.equals("win"));
                case "wait" -> {
                }
                default -> throw new IllegalArgumentException(step);
            }
            if (i == 1) {
                afterBothApplied(step, amount);
            }
        }

        private long pendingRefund;

        private long refundAmount(int side) {
            if (side == 0) {
                long left = chargeAmount - refunded[0];
                pendingRefund = random.nextBoolean() ? left : Math.max(1, left / 2);
            }
            return pendingRefund;
        }

        private void clockTo(StripeWorld.Subscription subscription) {
            // Both sides' periods end together; move the clock once, when the first side reaches it.
            if (subscription == subs[0]) {
                clock.set(java.time.Instant.ofEpochSecond(jdbcPeriodEnd(subscription)));
            }
        }

        private long jdbcPeriodEnd(StripeWorld.Subscription subscription) {
            return subscription.periodEnd().getEpochSecond();
        }

        private void afterBothApplied(String step, long amount) {
            switch (step) {
                case "subscribe-incomplete" -> {
                    incomplete = true;
                    touched.add("incomplete first payment");
                }
                case "subscribe-trial" -> {
                    trialing = true;
                    touched.add("trial");
                }
                case "expire", "trial-pauses" -> over = true;
                case "mark-unpaid" -> {
                    unpaid = true;
                    touched.add("unpaid subscription");
                }
                case "change-tier-prorated" -> {
                    tier = 1;
                    touched.add("prorated tier change");
                }
                case "subscribe", "renew", "recover", "complete-payment", "trial-converts" -> {
                    incomplete = false;
                    trialing = false;
                    unpaid = false;
                    chargeAmount = step.equals("subscribe") || !pastDue ? amount : amount;
                    refunded[0] = 0;
                    disputed = false;
                    disputeOpen = false;
                    inquiryOpen = false;
                    pastDue = false;
                }
                case "donate" -> {
                    chargeAmount = 2500;
                    refunded[0] = 0;
                }
                case "fail" -> pastDue = true;
                case "give-up", "end" -> over = true;
                case "cancel" -> cancelling = true;
                case "cancel-in-portal" -> {
                    cancelling = true;
                    touched.add("flexible-mode cancellation");
                }
                case "refund-pending" -> {
                    refunded[0] += pendingRefund;
                    pendingAmount = pendingRefund;
                    touched.add("pending refund");
                }
                case "refund-succeeds" -> pendingRefunds[0] = null;
                case "refund-fails" -> {
                    touched.add(pendingNeedsAction ? "refund canceled" : "failed refund");
                    if (pendingCharges[0].equals(charges[0])) {
                        refunded[0] -= pendingAmount;
                    }
                    pendingRefunds[0] = null;
                }
                case "inquiry" -> {
                    inquiryOpen = true;
                    touched.add("dispute inquiry");
                }
                case "inquiry-closes" -> inquiryOpen = false;
                case "change-tier" -> tier = 1;
                case "refund" -> refunded[0] += pendingRefund;
                case "dispute" -> {
                    disputed = true;
                    disputeOpen = true;
                }
                case "win", "lose" -> disputeOpen = false;
                case "wait" -> clock.advance(Duration.ofDays(1 + random.nextInt(20)));
                default -> {
                }
            }
        }

        /**
         * Some of the late events arrive now, in random order, some of them twice; they are applied by two threads
         * at once, and now and then while Stripe answers 500 (they fail, and are tried again later).
         */
        void deliverSome(Side side) {
            int count = random.nextInt(side.late.size() + 1);
            for (int n = 0; n < count && !side.late.isEmpty(); n++) {
                int pick = random.nextInt(side.late.size());
                side.store(random.nextInt(4) == 0 ? side.late.get(pick) : side.late.remove(pick));
            }
            if (count > 0 && random.nextInt(10) == 0) {
                touched.add("Stripe outage, retried");
                var outage = StripeStubs.wiremock().stubFor(com.github.tomakehurst.wiremock.client.WireMock
                        .get(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/v1/.*")).atPriority(1)
                        .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(500)
                                .withHeader("Content-Type", "application/json")
                                .withBody("{\"error\":{\"type\":\"api_error\",\"message\":\"An unknown error occurred\"}}")));
                side.drainOnTwoThreads();
                StripeStubs.wiremock().removeStub(outage);
                // Stripe is back before the backoff's first retry comes due.
                side.retryUntilQuiet();
            }
            side.drainOnTwoThreads();
        }
    }
}
