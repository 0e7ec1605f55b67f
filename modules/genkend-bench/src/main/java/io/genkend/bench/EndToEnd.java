package io.genkend.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * {@link DecisionProbe} about every customer still waiting. A rate is sustained when at least 99 % of the accepted
 * events were decided by the end of the settle time, the sender kept up (95 % of the offered rate) and the server
 * kept up (decisions per second, from the step's start to its last decision, at least 95 % of the offered rate: a
 * step whose backlog only drained in the settle time is not sustained). The rates
 * are tried in rising order until one is not sustained; the highest sustained rate is then offered once more at
 * half, and the latency of that step (server decision time minus the time the 202 arrived, microseconds in an
 * HdrHistogram) gives p50 and p99.
 *
 * <p>Two things keep the figures about the rate asked for rather than about what came before:
 * <ul>
 *   <li><b>Warm-up.</b> Before the ramp, events are offered at {@code --warmup-rate} (20/s) for
 *       {@code --e2e-warmup-seconds} (240 s) and not counted: a freshly started JVM spends a large share of its CPU
 *       in the JIT compiler over its first several thousand events, and the first steps would measure that. Like the
 *       warm-up iterations of JMH (the OpenJDK Java Microbenchmark Harness, https://github.com/openjdk/jmh),
 *       whose results are discarded before the measurement iterations.</li>
 *   <li><b>Drain.</b> After the warm-up, and before the half-rate step (which follows the first rate not
 *       sustained, an overloaded step), the driver waits until the previous step's events are all decided, at
 *       most {@code --drain-seconds} (120 s), then pauses {@code --pause-seconds} (5 s) for the rest of their path
 *       (the outreach step after the decision). A backlog that does not drain in time is reported with the
 *       figure ({@link Result#backlog()}).</li>
 * </ul>
 *
 * <p>The same measurement runs on another {@link Path}: the floor ({@code --phases floor}) sends {@code bench.floor}
 * events to the driver's no-op journey of the dealer journey's shape and counts an event when its instance began
 * to wait ({@link DatabaseProbe#openWaits}). Each step also reads the whole machine's busy CPU
 * ({@link MachineCpu}).
 */
public final class EndToEnd {

    /**
     * What a run sends and what it waits for.
     *
     * @param label     how figures and progress lines are labelled, e.g. {@code (c)}
     * @param eventName the Segment track event sent, one customer each, with the properties of a windscreen
     *                  booking two hours ahead
     * @param rates     the offered rates of the ramp, events/s
     * @param warmup    the unmeasured warm-up at {@code --warmup-rate} before the ramp ({@link Duration#ZERO}: none)
     * @param customers the prefix of the customers' user ids, followed by the run and a sequence number
     */
    public record Path(String label, String eventName, List<Integer> rates, Duration warmup, String customers) {

        /** Figure (c): {@code repair.booked} through the dealer journey, until the outreach is decided. */
        static Path dealer(BenchOptions options) {
            return new Path("(c)", "repair.booked", options.e2eRates(), options.e2eWarmup(), "bench-e2e-");
        }

        /** The floor: {@code bench.floor} through the no-op journey, until its instance waits. */
        static Path floor(BenchOptions options) {
            return new Path("(floor)", FloorJourney.EVENT, options.floorRates(), options.floorWarmup(),
                    "bench-floor-");
        }
    }

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
     * @param cpuMillisPerSecond the whole machine's busy CPU during the sending, ms per second (at most the number
     *                     of processors × 1000; {@code NaN} where {@code /proc/stat} cannot be read)
     */
    public record Step(int offered, double sentPerSecond, long accepted, long decided, double decidedPerSecond,
                       double p50Millis, double p99Millis, boolean sustained, double cpuMillisPerSecond) {

        /** @return busy CPU of the machine per accepted event during the step, ms ({@code NaN} when unknown) */
        public double cpuMillisPerEvent() {
            return sentPerSecond <= 0 ? Double.NaN : cpuMillisPerSecond / sentPerSecond;
        }
    }

    /**
     * @param highestSustained the highest sustained step, or {@code null} when none was
     * @param atHalf           the step at half that rate, or {@code null}
     * @param steps            the ramp's steps
     * @param note             why nothing could be measured, or {@code null}
     * @param warmup           the warm-up, not counted in any figure, or {@code null} when there was none
     * @param backlog          when the step before the half-rate step had not drained in {@code --drain-seconds}:
     *                         what was left, else {@code null}
     */
    public record Result(Step highestSustained, Step atHalf, List<Step> steps, String note, Step warmup,
                         String backlog) {
    }

    /**
     * How waiting for a backlog ended.
     *
     * @param waiting customers undecided when the wait began
     * @param left    of those, still undecided when it ended
     * @param seconds how long it took
     */
    record Drain(int waiting, int left, double seconds) {
    }

    /** A step and the customers it left undecided (accepted time of each). */
    private record Ran(Step step, Map<String, Instant> pending) {
    }

    private final BenchOptions options;
    private final ServerState state;
    private final GenkendApi api;
    private final DecisionProbe probe;
    private final Path path;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final AtomicLong sequence = new AtomicLong();

    /**
     * @param options the command line
     * @param api     Genkend's API
     * @param probe   how decisions are seen
     */
    public EndToEnd(BenchOptions options, GenkendApi api, DecisionProbe probe) {
        this(options, api, probe, null);
    }

    /**
     * @param options the command line
     * @param api     Genkend's API
     * @param probe   how decisions are seen
     * @param state   Genkend's database: before each step the driver waits until no Camunda job is due and
     *                refreshes the planner statistics ({@link ServerState}); {@code null}: neither
     */
    public EndToEnd(BenchOptions options, GenkendApi api, DecisionProbe probe, ServerState state) {
        this(options, api, probe, state, Path.dealer(options));
    }

    /**
     * @param options the command line
     * @param api     Genkend's API
     * @param probe   how an event's arrival is seen
     * @param state   Genkend's database, or {@code null} (see above)
     * @param path    what is sent and waited for
     */
    public EndToEnd(BenchOptions options, GenkendApi api, DecisionProbe probe, ServerState state, Path path) {
        this.path = path;
        this.state = state;
        this.options = options;
        this.api = api;
        this.probe = probe;
    }

    /** Warms up, ramps, waits for the backlog, then measures at half the highest sustained rate. */
    public Result measure() throws InterruptedException {
        Step warmup = null;
        if (!path.warmup().isZero()) {
            Ran ran = step(options.warmupRate(), path.warmup(), options.maxEvents());
            warmup = ran.step();
            System.err.printf(Locale.ROOT, "  %s warm-up, not counted: %ds at %d/s: sent %.1f/s, decided %d of %d%n",
                    path.label(), path.warmup().toSeconds(), warmup.offered(), warmup.sentPerSecond(),
                    warmup.decided(), warmup.accepted());
            if (warmup.accepted() > 0 && warmup.decided() == 0) {
                return new Result(null, null, List.of(), noDecision(), warmup, null);
            }
            settle(ran.pending(), "the warm-up");
        }
        List<Step> steps = new ArrayList<>();
        Step highest = null;
        Ran last = null;
        long budget = options.maxEvents();
        for (int rate : path.rates()) {
            if (last != null) {
                settle(last.pending(), "the " + last.step().offered() + "/s step");
            }
            prepare();
            last = step(rate, options.step(), budget);
            Step step = last.step();
            steps.add(step);
            budget -= step.accepted();
            print(step);
            if (step.accepted() == 0) {
                return new Result(null, null, steps, "no event was accepted at " + rate
                        + "/s (is POST /api/v1/events there?)", warmup, null);
            }
            if (step.decided() == 0) {
                return new Result(null, null, steps, noDecision(), warmup, null);
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
            return new Result(null, null, steps, "not even the lowest rate was sustained", warmup, null);
        }
        Drain drain = settle(last.pending(), "the " + last.step().offered() + "/s step");
        String backlog = drain.left() == 0 ? null : String.format(Locale.ROOT,
                "%d of the %d events the %d/s step left undecided were still undecided after %d s",
                drain.left(), drain.waiting(), last.step().offered(), options.drain().toSeconds());
        int half = Math.max(1, highest.offered() / 2);
        prepare();
        Step atHalf = step(half, options.step(), Math.max(1, budget)).step();
        print(atHalf);
        return new Result(highest, atHalf, steps, null, warmup, backlog);
    }

    /** Before a step: no Camunda job left due from the steps before, and fresh planner statistics. */
    private void prepare() throws InterruptedException {
        if (state == null) {
            return;
        }
        long start = System.nanoTime();
        long due = state.awaitIdleJobs(options.drain());
        System.err.printf(Locale.ROOT, "  %s %s%n", path.label(), due == 0
                ? String.format(Locale.ROOT, "no Camunda job due (waited %.1f s)", (System.nanoTime() - start) / 1e9)
                : due + " Camunda jobs still due after " + options.drain().toSeconds() + " s");
        state.analyze(path.label().replaceAll("[()]", ""));
    }

    private String noDecision() {
        return path.eventName().equals(FloorJourney.EVENT)
                ? "no instance of the floor journey was seen waiting: was it deployed and is it active?"
                : "no decision was seen through the '" + options.probe()
                + "' probe: the dealer journey, or what the probe reads, is missing";
    }

    private void print(Step s) {
        System.err.printf(Locale.ROOT, "  %s offered %4d/s: sent %6.1f/s, decided %d of %d (%.1f/s), p50 %.1f ms,"
                        + " p99 %.1f ms, machine CPU %s%s%n", path.label(), s.offered(), s.sentPerSecond(),
                s.decided(), s.accepted(), s.decidedPerSecond(), s.p50Millis(), s.p99Millis(), cpu(s),
                s.sustained() ? "" : "  NOT sustained");
    }

    /** @return e.g. {@code 1930 ms/s (12.1 ms per event)}, or {@code unknown} */
    static String cpu(Step s) {
        return Double.isNaN(s.cpuMillisPerSecond()) ? "unknown" : String.format(Locale.ROOT,
                "%.0f ms/s (%.1f ms per event)", s.cpuMillisPerSecond(), s.cpuMillisPerEvent());
    }

    /** Waits for what a step left undecided ({@link #drain}), prints how it went, then pauses. */
    private Drain settle(Map<String, Instant> pending, String what) throws InterruptedException {
        Drain drain = drain(pending, options.drain());
        String outcome = drain.waiting() == 0 ? "none undecided"
                : drain.left() == 0 ? String.format(Locale.ROOT, "%d undecided, all decided after %.1f s",
                drain.waiting(), drain.seconds())
                : String.format(Locale.ROOT, "%d undecided, %d still undecided after %.0f s: NOT drained",
                drain.waiting(), drain.left(), drain.seconds());
        System.err.printf(Locale.ROOT, "  %s backlog of %s: %s; pause %d s%n", path.label(), what, outcome,
                options.pause().toSeconds());
        Thread.sleep(options.pause().toMillis());
        return drain;
    }

    /**
     * Polls the probe about {@code pending} (removing whom it reports decided) until none is left or
     * {@code timeout} has passed. Decisions seen here count in no step.
     */
    Drain drain(Map<String, Instant> pending, Duration timeout) throws InterruptedException {
        int waiting = pending.size();
        long start = System.nanoTime();
        long until = start + timeout.toNanos();
        while (!pending.isEmpty()) {
            pending.keySet().removeAll(probe.decided(List.copyOf(pending.keySet())).keySet());
            if (pending.isEmpty() || System.nanoTime() >= until) {
                break;
            }
            Thread.sleep(probe.interval().toMillis());
        }
        return new Drain(waiting, pending.size(), (System.nanoTime() - start) / 1e9);
    }

    private Ran step(int rate, Duration length, long budget) throws InterruptedException {
        long seconds = Math.max(1, length.toSeconds());
        long count = Math.min(budget, Math.max(1, rate * seconds));
        Map<String, Instant> waiting = new ConcurrentHashMap<>();
        Histogram latencies = new Histogram(3);
        AtomicLong accepted = new AtomicLong();
        AtomicLong decided = new AtomicLong();
        AtomicLong lastDecisionNanos = new AtomicLong();
        ExecutorService senders = Executors.newFixedThreadPool(Math.min(256, Math.max(8, rate / 2)));
        MachineCpu.Reading cpuAtStart = MachineCpu.read();
        long start = System.nanoTime();
        Thread poller = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (!waiting.isEmpty()) {
                    Map<String, Instant> seen = probe.decided(List.copyOf(waiting.keySet()));
                    for (Map.Entry<String, Instant> d : seen.entrySet()) {
                        Instant acceptedAt = waiting.remove(d.getKey());
                        if (acceptedAt != null) {
                            long micros = Math.max(1, Duration.between(acceptedAt, d.getValue()).toNanos() / 1000);
                            synchronized (latencies) {
                                latencies.recordValue(micros);
                            }
                            decided.incrementAndGet();
                            lastDecisionNanos.set(System.nanoTime());
                        }
                    }
                }
                try {
                    Thread.sleep(probe.interval().toMillis());
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
                String userId = path.customers() + run + "-" + sequence.incrementAndGet();
                if (api.track(userId, path.eventName(), repairBooked()) == 202) {
                    waiting.put(userId, Instant.now());
                    accepted.incrementAndGet();
                }
            });
        }
        senders.shutdown();
        senders.awaitTermination(1, TimeUnit.MINUTES);
        double cpu = MachineCpu.busyMillisPerSecond(cpuAtStart, MachineCpu.read(),
                Runtime.getRuntime().availableProcessors());
        double sendSeconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        long settleUntil = System.nanoTime() + options.settle().toNanos();
        while (!waiting.isEmpty() && System.nanoTime() < settleUntil) {
            Thread.sleep(50);
        }
        poller.interrupt();
        poller.join();
        double decideSeconds = Math.max(1e-3, (Math.max(lastDecisionNanos.get(), start) - start) / 1e9);
        double sentPerSecond = accepted.get() / sendSeconds;
        double decidedPerSecond = decided.get() / decideSeconds;
        double offered = Math.min(rate, count / (double) seconds);
        boolean sustained = decided.get() >= 0.99 * accepted.get() && accepted.get() > 0
                && sentPerSecond >= 0.95 * offered && decidedPerSecond >= 0.95 * offered;
        Step step = new Step(rate, sentPerSecond, accepted.get(), decided.get(), decidedPerSecond,
                latencies.getTotalCount() == 0 ? 0 : latencies.getValueAtPercentile(50) / 1000.0,
                latencies.getTotalCount() == 0 ? 0 : latencies.getValueAtPercentile(99) / 1000.0, sustained, cpu);
        return new Ran(step, waiting);
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
