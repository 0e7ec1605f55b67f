package io.genkend.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Figure (c): events per second from accepted to outreach decided through the dealer journey, and the latency
 * at half the highest sustained rate.
 *
 * <p>Each event is a {@code repair.booked} for a customer of its own ({@code bench-e2e-<run>-<n>}, part
 * windscreen, appointment two hours ahead, so the journey's "day before the appointment" moment has already
 * passed and it decides at once). Events are offered open-loop at a fixed rate for one step; a poller asks the
 * {@link DecisionProbe} for every customer still waiting. A rate is sustained when at least 99 % of the accepted
 * events were decided by the end of the settle time and the sender kept up (95 % of the offered rate). The rates
 * are tried in rising order until one is not sustained; the highest sustained rate is then offered once more at
 * half, and the latency of that step (server decision time minus the time the 202 arrived, microseconds in an
 * HdrHistogram) gives p50 and p99.
 */
public final class EndToEnd {

    /**
     * One step.
     *
     * @param offered      offered rate, events/s
     * @param sentPerSecond achieved sending rate of accepted events
     * @param accepted     events answered 202
     * @param decided      of those, decided by the end of the settle time
     * @param decidedPerSecond decisions per second over the step
     * @param p50Millis    median latency
     * @param p99Millis    99th percentile
     * @param sustained    whether the rate was sustained (see the class comment)
     */
    public record Step(int offered, double sentPerSecond, long accepted, long decided, double decidedPerSecond,
                       double p50Millis, double p99Millis, boolean sustained) {
    }

    /**
     * @param highestSustained the highest sustained step, or {@code null} when none was
     * @param atHalf           the step at half that rate, or {@code null}
     * @param steps            the ramp's steps
     * @param note             why nothing could be measured, or {@code null}
     */
    public record Result(Step highestSustained, Step atHalf, List<Step> steps, String note) {
    }

    private final BenchOptions options;
    private final GenkendApi api;
    private final DecisionProbe probe;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final AtomicLong sequence = new AtomicLong();

    /**
     * @param options the command line
     * @param api     Genkend's API
     * @param probe   how decisions are seen
     */
    public EndToEnd(BenchOptions options, GenkendApi api, DecisionProbe probe) {
        this.options = options;
        this.api = api;
        this.probe = probe;
    }

    /** Ramps, then measures at half the highest sustained rate. */
    public Result measure() throws InterruptedException {
        List<Step> steps = new ArrayList<>();
        Step highest = null;
        long budget = options.maxEvents();
        for (int rate : options.e2eRates()) {
            Step step = step(rate, budget);
            steps.add(step);
            budget -= step.accepted();
            print(step);
            if (step.accepted() == 0) {
                return new Result(null, null, steps, "no event was accepted at " + rate + "/s (is POST /api/v1/events there?)");
            }
            if (step.decided() == 0) {
                return new Result(null, null, steps, "no decision was seen through the '" + options.probe()
                        + "' probe: the dealer journey, or the endpoint the probe reads, is missing");
            }
            if (!step.sustained()) {
                break;
            }
            highest = step;
            if (budget <= 0) {
                break;
            }
        }
        if (highest == null) {
            return new Result(null, null, steps, "not even the lowest rate was sustained");
        }
        int half = Math.max(1, highest.offered() / 2);
        Step atHalf = step(half, Math.max(1, budget));
        print(atHalf);
        return new Result(highest, atHalf, steps, null);
    }

    private static void print(Step s) {
        System.err.printf("  (c) offered %4d/s: sent %6.1f/s, decided %d of %d (%.1f/s), p50 %.1f ms, p99 %.1f ms%s%n",
                s.offered(), s.sentPerSecond(), s.decided(), s.accepted(), s.decidedPerSecond(), s.p50Millis(),
                s.p99Millis(), s.sustained() ? "" : "  NOT sustained");
    }

    private Step step(int rate, long budget) throws InterruptedException {
        long count = Math.min(budget, Math.max(1, rate * options.step().toSeconds()));
        Map<String, Instant> waiting = new ConcurrentHashMap<>();
        Histogram latencies = new Histogram(3);
        AtomicLong accepted = new AtomicLong();
        AtomicLong decided = new AtomicLong();
        AtomicLong lastDecisionNanos = new AtomicLong();
        ExecutorService senders = Executors.newFixedThreadPool(Math.min(64, Math.max(4, rate / 4)));
        long start = System.nanoTime();
        Thread poller = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (Map.Entry<String, Instant> pending : waiting.entrySet()) {
                    Instant decidedAt = probe.decidedAt(pending.getKey());
                    if (decidedAt != null && waiting.remove(pending.getKey()) != null) {
                        long micros = Math.max(1, Duration.between(pending.getValue(), decidedAt).toNanos() / 1000);
                        synchronized (latencies) {
                            latencies.recordValue(micros);
                        }
                        decided.incrementAndGet();
                        lastDecisionNanos.set(System.nanoTime());
                    }
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "e2e-probe");
        poller.start();
        for (long i = 0; i < count; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            senders.submit(() -> {
                String userId = "bench-e2e-" + run + "-" + sequence.incrementAndGet();
                if (api.track(userId, "repair.booked", repairBooked()) == 202) {
                    waiting.put(userId, Instant.now());
                    accepted.incrementAndGet();
                }
            });
        }
        senders.shutdown();
        senders.awaitTermination(1, TimeUnit.MINUTES);
        double sendSeconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        long settleUntil = System.nanoTime() + options.settle().toNanos();
        while (!waiting.isEmpty() && System.nanoTime() < settleUntil) {
            Thread.sleep(50);
        }
        poller.interrupt();
        poller.join();
        double decideSeconds = Math.max(1e-3, (Math.max(lastDecisionNanos.get(), start) - start) / 1e9);
        double sentPerSecond = accepted.get() / sendSeconds;
        boolean sustained = decided.get() >= 0.99 * accepted.get() && accepted.get() > 0
                && sentPerSecond >= 0.95 * Math.min(rate, count / (double) options.step().toSeconds());
        return new Step(rate, sentPerSecond, accepted.get(), decided.get(), decided.get() / decideSeconds,
                latencies.getTotalCount() == 0 ? 0 : latencies.getValueAtPercentile(50) / 1000.0,
                latencies.getTotalCount() == 0 ? 0 : latencies.getValueAtPercentile(99) / 1000.0, sustained);
    }

    private static ObjectNode repairBooked() {
        Instant appointment = Instant.now().plus(Duration.ofHours(2));
        ObjectNode p = GenkendApi.JSON.createObjectNode();
        p.put("bookingId", "bench-" + System.nanoTime());
        p.put("part", "windscreen");
        p.put("description", "Windscreen replacement");
        p.put("appointmentAt", appointment.toString());
        ObjectNode vehicle = p.putObject("vehicle");
        vehicle.put("id", "BENCH-1");
        vehicle.put("make", "Skoda");
        vehicle.put("model", "Octavia");
        vehicle.put("year", 2019);
        return p;
    }
}
