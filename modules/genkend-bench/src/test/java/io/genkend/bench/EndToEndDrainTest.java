package io.genkend.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** (c)'s wait for a step's backlog before the next measurement, with a probe of our own (no server). */
class EndToEndDrainTest {

    private final BenchOptions options = BenchOptions.parse(new String[]{"--phases", "e2e", "--api-key", "gk_x",
            "--probe", "timeline"}, Map.of());

    @Test
    void waitsUntilEveryPendingCustomerIsDecided() throws InterruptedException {
        AtomicInteger polls = new AtomicInteger();
        // decides one more customer per poll: a backlog being worked off
        DecisionProbe probe = DecisionProbe.perCustomer(userId ->
                Integer.parseInt(userId.substring(1)) < polls.get() ? Instant.now() : null);
        DecisionProbe counting = userIds -> {
            polls.incrementAndGet();
            return probe.decided(userIds);
        };
        Map<String, Instant> pending = pending("u0", "u1", "u2", "u3");

        EndToEnd.Drain drain = new EndToEnd(options, null, counting).drain(pending, Duration.ofMinutes(1));

        assertThat(drain.waiting()).isEqualTo(4);
        assertThat(drain.left()).isZero();
        assertThat(pending).isEmpty();
        assertThat(polls.get()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void givesUpAfterTheTimeoutAndSaysHowManyAreLeft() throws InterruptedException {
        DecisionProbe probe = DecisionProbe.perCustomer(userId -> userId.equals("stuck") ? null : Instant.now());
        Map<String, Instant> pending = pending("a", "stuck", "b");

        EndToEnd.Drain drain = new EndToEnd(options, null, probe).drain(pending, Duration.ofMillis(200));

        assertThat(drain.waiting()).isEqualTo(3);
        assertThat(drain.left()).isEqualTo(1);
        assertThat(pending).containsOnlyKeys("stuck");
    }

    @Test
    void nothingPendingReturnsAtOnceWithoutAsking() throws InterruptedException {
        DecisionProbe probe = userIds -> {
            throw new AssertionError("asked about " + userIds);
        };

        EndToEnd.Drain drain = new EndToEnd(options, null, probe).drain(new HashMap<>(), Duration.ofMinutes(1));

        assertThat(drain.waiting()).isZero();
        assertThat(drain.left()).isZero();
    }

    private static Map<String, Instant> pending(String... userIds) {
        Map<String, Instant> pending = new ConcurrentHashMap<>();
        for (String userId : userIds) {
            pending.put(userId, Instant.now());
        }
        return pending;
    }
}
