package io.genkend.webhook;

import io.genkend.webhook.internal.RetrySchedule;
import io.genkend.webhook.internal.WebhookProperties;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The retry schedule (5 s ... 24 h, ±10 % jitter, 10 attempts) and {@code Retry-After} parsing. */
class RetryScheduleTest {

    final RetrySchedule schedule = new WebhookProperties(null, null, null, null, null, null, null, null, null, null,
            null, null, null, null).schedule();

    @Test
    void waitsFollowTheScheduleWithinTheJitter() {
        List<Duration> expected = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(14),
                Duration.ofHours(20), Duration.ofHours(24));
        SplittableRandom random = new SplittableRandom(7);
        for (int attempt = 1; attempt <= expected.size(); attempt++) {
            long base = expected.get(attempt - 1).toMillis();
            for (int i = 0; i < 200; i++) {
                long wait = schedule.delayAfter(attempt, random).orElseThrow().toMillis();
                assertThat(wait).isBetween(Math.round(base * 0.9), Math.round(base * 1.1));
            }
        }
        assertThat(schedule.maxAttempts()).isEqualTo(10);
        assertThat(schedule.delayAfter(10, random)).isEmpty();
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDateAndBounded() {
        Instant now = Instant.parse("2026-11-29T10:00:00Z");
        assertThat(schedule.retryAfter("120", now)).contains(Duration.ofSeconds(120));
        assertThat(schedule.retryAfter("Sun, 29 Nov 2026 10:30:00 GMT", now)).contains(Duration.ofMinutes(30));
        assertThat(schedule.retryAfter("0", now)).contains(Duration.ofSeconds(1));
        assertThat(schedule.retryAfter("999999999", now)).contains(Duration.ofHours(24));
        assertThat(schedule.retryAfter("soon", now)).isEmpty();
        assertThat(schedule.retryAfter(null, now)).isEmpty();
    }
}
