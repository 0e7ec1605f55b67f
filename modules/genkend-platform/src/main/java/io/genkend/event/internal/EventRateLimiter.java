package io.genkend.event.internal;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.genkend.tenancy.Tenant;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-tenant rate limit of incoming events: a bucket4j token bucket kept in Redis (through Lettuce), so that all
 * replicas share it. Each event takes one token. Concurrent requests of one tenant are combined into one Redis
 * compare-and-swap (bucket4j's batching optimisation; without it, 30 concurrent requests of one tenant retried
 * their compare-and-swap against each other and waited tens of milliseconds each). A tenant's override is read
 * from Redis at most every 5 s per replica (at once on the replica that sets it). The limit is {@code genkend.event.rate-limit}, or a tenant's
 * override set by an operator ({@link #override}). When Redis is away, events are let through (and it is logged):
 * losing events would be worse than a short burst.
 */
@Component
public class EventRateLimiter {

    private static final Logger log = LoggerFactory.getLogger(EventRateLimiter.class);

    private final EventProperties.RateLimit defaults;
    private final RedisConnectionFactory connectionFactory;
    private final StringRedisTemplate redis;
    private volatile StatefulRedisConnection<String, byte[]> connection;
    private volatile ProxyManager<String> buckets;
    /** One proxy per bucket key, kept: the batching optimisation lives in the proxy (bucket4j's rule). */
    private final Map<String, Bucket> bucketProxies = new ConcurrentHashMap<>();
    /** Tenants' limits as last read from Redis, with when (System.nanoTime). */
    private final Map<UUID, KnownLimit> overrides = new ConcurrentHashMap<>();
    private static final long OVERRIDE_FRESH_NANOS = Duration.ofSeconds(5).toNanos();

    EventRateLimiter(EventProperties properties, RedisConnectionFactory connectionFactory,
                     StringRedisTemplate redis) {
        this.defaults = properties.rateLimit();
        this.connectionFactory = connectionFactory;
        this.redis = redis;
    }

    /**
     * The outcome of asking for tokens.
     *
     * @param allowed    whether the events may go in
     * @param retryAfter when not allowed, how long to wait (whole seconds, at least 1)
     */
    public record Decision(boolean allowed, long retryAfter) {
    }

    /**
     * Takes {@code events} tokens from the tenant's bucket.
     *
     * @return whether they were available, and if not, when to retry
     */
    public Decision take(Tenant tenant, int events) {
        try {
            EventProperties.RateLimit limit = limitOf(tenant);
            String key = "genkend:event:rate:" + tenant.id() + ":" + limit.capacity() + ":"
                    + limit.period().toSeconds();
            BucketConfiguration configuration = BucketConfiguration.builder()
                    .addLimit(Bandwidth.builder().capacity(limit.capacity())
                            .refillGreedy(limit.capacity(), limit.period()).build())
                    .build();
            ConsumptionProbe probe = bucketProxies.computeIfAbsent(key, k -> buckets().builder()
                            .withOptimization(Optimizations.batching()).build(k, () -> configuration))
                    .tryConsumeAndReturnRemaining(events);
            if (probe.isConsumed()) {
                return new Decision(true, 0);
            }
            long nanos = probe.getNanosToWaitForRefill();
            long seconds = nanos == Long.MAX_VALUE ? limit.period().toSeconds()
                    : Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
            return new Decision(false, seconds);
        } catch (RuntimeException e) {
            log.warn("Rate limiter unavailable, letting {} events through: {}", events, e.toString());
            return new Decision(true, 0);
        }
    }

    /**
     * Sets (or, with {@code null}, removes) a tenant's own limit: an operator's control, kept in Redis.
     *
     * @param limit events per period for this tenant
     */
    public void override(Tenant tenant, EventProperties.RateLimit limit) {
        String key = "genkend:event:rate-override:" + tenant.id();
        overrides.remove(tenant.id());
        if (limit == null) {
            redis.delete(key);
        } else {
            redis.opsForValue().set(key, limit.capacity() + "/" + limit.period().toMillis());
        }
    }

    private EventProperties.RateLimit limitOf(Tenant tenant) {
        long now = System.nanoTime();
        KnownLimit known = overrides.get(tenant.id());
        if (known != null && now - known.readAt() < OVERRIDE_FRESH_NANOS) {
            return known.limit();
        }
        String value = redis.opsForValue().get("genkend:event:rate-override:" + tenant.id());
        EventProperties.RateLimit limit = defaults;
        if (value != null) {
            String[] parts = value.split("/");
            limit = new EventProperties.RateLimit(Long.parseLong(parts[0]),
                    Duration.ofMillis(Long.parseLong(parts[1])));
        }
        overrides.put(tenant.id(), new KnownLimit(limit, now));
        return limit;
    }

    private record KnownLimit(EventProperties.RateLimit limit, long readAt) {
    }

    private ProxyManager<String> buckets() {
        if (buckets == null) {
            synchronized (this) {
                if (buckets == null) {
                    if (!(connectionFactory instanceof LettuceConnectionFactory lettuce)
                            || !(lettuce.getNativeClient() instanceof RedisClient client)) {
                        throw new IllegalStateException("Rate limits need a standalone Lettuce Redis connection");
                    }
                    connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
                    buckets = Bucket4jLettuce.casBasedBuilder(connection)
                            .expirationAfterWrite(ExpirationAfterWriteStrategy
                                    .basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                            .build();
                }
            }
        }
        return buckets;
    }

    @PreDestroy
    void close() {
        if (connection != null) {
            connection.close();
        }
    }
}
