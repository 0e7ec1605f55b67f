package io.genkend.webhook.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to try a failed delivery again. After attempt {@code n} (1-based) fails, the next one is due
 * {@code delays[n-1]} later, stretched or shrunk by a random factor in {@code [1 - jitter, 1 + jitter]} so that
 * an endpoint coming back is not hit by every queued delivery in the same second. With {@code k} delays a
 * delivery gets {@code k + 1} attempts; then it is dead.
 *
 * @param delays        waits after the 1st, 2nd, ... failure
 * @param jitter        relative jitter, 0 to 0.5
 * @param maxRetryAfter the longest {@code Retry-After} honoured
 */
public record RetrySchedule(List<Duration> delays, double jitter, Duration maxRetryAfter) {

    /** @return attempts a delivery gets before it is dead: the first one plus one per delay */
    public int maxAttempts() {
        return delays.size() + 1;
    }

    /**
     * @param attemptsMade attempts made so far, the failed one included (1 or more)
     * @param random       source of the jitter
     * @return the wait before the next attempt, or empty when the delivery is dead
     */
    public Optional<Duration> delayAfter(int attemptsMade, RandomGenerator random) {
        if (attemptsMade < 1 || attemptsMade > delays.size()) {
            return Optional.empty();
        }
        long base = delays.get(attemptsMade - 1).toMillis();
        double factor = 1 + jitter * (2 * random.nextDouble() - 1);
        return Optional.of(Duration.ofMillis(Math.max(0, Math.round(base * factor))));
    }

    /**
     * Reads a {@code Retry-After} header (RFC 9110 section 10.2.3): delay-seconds or an HTTP-date.
     *
     * @param header the header's value, possibly {@code null}
     * @param now    the current time, to turn a date into a wait
     * @return the wait, at least 1 s and at most {@link #maxRetryAfter}, or empty when absent or unreadable
     */
    public Optional<Duration> retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(value));
        } catch (NumberFormatException notSeconds) {
            try {
                wait = Duration.between(now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant());
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
        if (wait.compareTo(Duration.ofSeconds(1)) < 0) {
            wait = Duration.ofSeconds(1);
        }
        return Optional.of(wait.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : wait);
    }
}
