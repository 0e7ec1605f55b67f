package io.genkend.webhook.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * Settings of outbound webhooks, under {@code genkend.webhook}. Every value has a default; operators usually set
 * only the allowlist (development and tests) and perhaps the concurrency.
 *
 * @param allowedHosts        host names (exact, case-insensitive) that may be private or loopback anyway
 * @param allowedNetworks     CIDRs ({@code 127.0.0.0/8}, {@code fd00::/8}) whose addresses may be used anyway
 * @param retrySchedule       waits after the 1st, 2nd, ... failed attempt; after the last one a delivery is dead
 *                            (default 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h: Standard Webhooks'
 *                            and Svix's published schedule)
 * @param jitter              relative jitter applied to each wait, 0 to 0.5 (default 0.1, so ±10 %)
 * @param timeout             answer time allowed per attempt, connection included (default 15 s)
 * @param pollInterval        how often each replica looks for due deliveries (default 1 s)
 * @param workers             attempts in flight per replica (bounded executor, default 8)
 * @param perEndpointInFlight attempts in flight per subscription across all replicas (default 2)
 * @param lease               how long a claimed delivery is reserved for the replica sending it (default 2 min;
 *                            must exceed the timeout); a replica that dies leaves a lease that just expires
 * @param disableAfter        an endpoint failing without a single success for this long is disabled (default
 *                            5 days)
 * @param rotationOverlap     default time the previous secret keeps signing after a rotation (default 24 h)
 * @param snippetLength       characters of the answer body kept per attempt (default 1000)
 * @param maxRetryAfter       longest {@code Retry-After} honoured (default 24 h)
 * @param retention           finished deliveries and their attempts are deleted after this long (default 30 days)
 */
@ConfigurationProperties("genkend.webhook")
public record WebhookProperties(List<String> allowedHosts, List<String> allowedNetworks, List<Duration> retrySchedule,
                                Double jitter, Duration timeout, Duration pollInterval, Integer workers,
                                Integer perEndpointInFlight, Duration lease, Duration disableAfter,
                                Duration rotationOverlap, Integer snippetLength, Duration maxRetryAfter,
                                Duration retention) {

    /** The default retry schedule. */
    public static final List<Duration> DEFAULT_SCHEDULE = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10),
            Duration.ofHours(14), Duration.ofHours(20), Duration.ofHours(24));

    /** Fills in the defaults and checks the ranges. */
    public WebhookProperties {
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
        retrySchedule = retrySchedule == null || retrySchedule.isEmpty() ? DEFAULT_SCHEDULE
                : List.copyOf(retrySchedule);
        jitter = jitter == null ? 0.1 : jitter;
        timeout = timeout == null ? Duration.ofSeconds(15) : timeout;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        workers = workers == null ? 8 : workers;
        perEndpointInFlight = perEndpointInFlight == null ? 2 : perEndpointInFlight;
        lease = lease == null ? Duration.ofMinutes(2) : lease;
        disableAfter = disableAfter == null ? Duration.ofDays(5) : disableAfter;
        rotationOverlap = rotationOverlap == null ? Duration.ofHours(24) : rotationOverlap;
        snippetLength = snippetLength == null ? 1000 : snippetLength;
        maxRetryAfter = maxRetryAfter == null ? Duration.ofHours(24) : maxRetryAfter;
        retention = retention == null ? Duration.ofDays(30) : retention;
        if (jitter < 0 || jitter > 0.5) {
            throw new IllegalArgumentException("genkend.webhook.jitter must be between 0 and 0.5");
        }
        if (workers < 1 || perEndpointInFlight < 1) {
            throw new IllegalArgumentException("genkend.webhook.workers and per-endpoint-in-flight must be >= 1");
        }
        if (lease.compareTo(timeout.plusSeconds(10)) < 0) {
            throw new IllegalArgumentException("genkend.webhook.lease must exceed the timeout by 10 s or more");
        }
    }

    /** @return the retry schedule with its jitter */
    public RetrySchedule schedule() {
        return new RetrySchedule(retrySchedule, jitter, maxRetryAfter);
    }
}
