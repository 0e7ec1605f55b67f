package io.genkend.webhook;

import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The application's clock in tests: the system's UTC clock plus an offset that tests move forward, so that retry
 * schedules are walked in seconds instead of days. Time keeps flowing; {@link #reset()} after each test.
 * Registered in the one shared test context (scanned like TestTenants), so it starts no second context.
 */
@Component
@Primary
public class MovableClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(Clock.system(zone), offset.get());
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    /** Moves the clock forward by {@code by}. */
    public void advance(Duration by) {
        offset.updateAndGet(o -> o.plus(by));
    }

    /** Moves the clock forward to {@code when} (plus a millisecond), unless it is already later. */
    public void advanceTo(Instant when) {
        Duration gap = Duration.between(instant(), when).plusMillis(1);
        if (!gap.isNegative()) {
            advance(gap);
        }
    }

    /** Back to the system's time. */
    public void reset() {
        offset.set(Duration.ZERO);
    }
}
