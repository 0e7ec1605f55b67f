package io.genkend.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Figure (b), Genkend's ingest rate: closed-loop clients, each sending one Segment {@code track} call at a time
 * ({@code bench.ingested}, a fresh messageId, one of 1,000 bench customers), in steps of rising concurrency. Only
 * 202 answers count (validated, deduplicated, stored, answered). The ramp stops at saturation: when a step is
 * not at least 5 % better than the best so far, twice in a row, or when more than 1 % of the answers are not 202.
 * Latency is recorded per request in an HdrHistogram (microseconds).
 *
 * <p>Before the first step the clients run for {@code --warmup-seconds} (60 s) at the middle concurrency of the
 * ramp (8 of 1,2,4,8,16,32,64), and that warm-up counts in no step: a freshly started JVM spends a large share of
 * its CPU in the JIT compiler over its first few thousand requests, and the first steps would measure that. Like
 * the warm-up iterations of JMH (the OpenJDK Java Microbenchmark Harness, https://github.com/openjdk/jmh), whose
 * results are discarded before the measurement iterations.
 */
public final class IngestRate {

    /**
     * One step.
     *
     * @param concurrency clients
     * @param accepted    202 answers
     * @param perSecond   202 answers per second
     * @param others      other answers by status (-1: connection failed)
     * @param p50Millis   median latency of all answers
     * @param p99Millis   99th percentile
     */
    public record Step(int concurrency, long accepted, double perSecond, Map<Integer, Long> others,
                       double p50Millis, double p99Millis) {
    }

    /**
     * @param best   the best step: the ingest rate
     * @param steps  all steps, in order
     * @param warmup the warm-up, not counted in any figure, or {@code null} when there was none
     */
    public record Result(Step best, List<Step> steps, Step warmup) {
    }

    private static final int CUSTOMERS = 1000;

    private final BenchOptions options;
    private final ServerState state;
    private final GenkendApi api;

    /** @param options the command line */
    public IngestRate(BenchOptions options) {
        this(options, null);
    }

    /**
     * @param options the command line
     * @param state   Genkend's database, to refresh its planner statistics after the warm-up, or {@code null}
     */
    public IngestRate(BenchOptions options, ServerState state) {
        this.options = options;
        this.state = state;
        this.api = new GenkendApi(options.url(), options.apiKey());
    }

    /** Warms up, then ramps concurrency until saturation. */
    public Result measure() throws InterruptedException {
        Step warmup = null;
        if (!options.warmup().isZero()) {
            int middle = options.concurrency().get(options.concurrency().size() / 2);
            warmup = step(middle, options.warmup(), options.maxEvents());
            System.err.printf(Locale.ROOT, "  (b) warm-up, not counted: %ds at %d clients: %.0f accepted/s, other"
                    + " answers %s%n", options.warmup().toSeconds(), middle, warmup.perSecond(), warmup.others());
        }
        if (state != null) {
            state.analyze("b");
        }
        List<Step> steps = new ArrayList<>();
        Step best = null;
        int flat = 0;
        long budget = options.maxEvents();
        for (int concurrency : options.concurrency()) {
            Step step = step(concurrency, options.step(), budget);
            steps.add(step);
            budget -= step.accepted() + step.others().values().stream().mapToLong(Long::longValue).sum();
            System.err.printf(Locale.ROOT, "  (b) %2d clients: %8.0f accepted/s  p50 %6.1f ms  p99 %6.1f ms  other answers %s%n",
                    concurrency, step.perSecond(), step.p50Millis(), step.p99Millis(), step.others());
            long others = step.others().values().stream().mapToLong(Long::longValue).sum();
            if (best == null || step.perSecond() > best.perSecond()) {
                flat = step.perSecond() > (best == null ? 0 : best.perSecond() * 1.05) ? 0 : flat + 1;
                best = step;
            } else {
                flat++;
            }
            if (others > 0.01 * (others + step.accepted()) || flat >= 2 || budget <= 0) {
                break;
            }
        }
        return new Result(best, steps, warmup);
    }

    private Step step(int concurrency, Duration length, long budget) throws InterruptedException {
        LongAdder accepted = new LongAdder();
        Map<Integer, LongAdder> others = new ConcurrentHashMap<>();
        Recorder latencies = new Recorder(3);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong left = new AtomicLong(budget);
        AtomicLong sequence = new AtomicLong();
        CountDownLatch done = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            Thread worker = new Thread(() -> {
                try {
                    while (!stop.get() && left.decrementAndGet() >= 0) {
                        long n = sequence.incrementAndGet();
                        ObjectNode properties = GenkendApi.JSON.createObjectNode();
                        properties.put("sequence", n);
                        properties.put("source", "genkend-bench");
                        long t0 = System.nanoTime();
                        int status = api.track("bench-customer-" + (n % CUSTOMERS), "bench.ingested", properties);
                        latencies.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                        if (status == 202) {
                            accepted.increment();
                        } else {
                            others.computeIfAbsent(status, s -> new LongAdder()).increment();
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, "ingest-" + c);
            worker.start();
        }
        Thread.sleep(length.toMillis());
        stop.set(true);
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        Histogram h = latencies.getIntervalHistogram();
        Map<Integer, Long> otherCounts = new TreeMap<>();
        others.forEach((status, n) -> otherCounts.put(status, n.sum()));
        return new Step(concurrency, accepted.sum(), accepted.sum() / seconds, otherCounts,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0);
    }
}
