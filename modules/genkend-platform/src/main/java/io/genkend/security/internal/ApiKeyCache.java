package io.genkend.security.internal;

import io.genkend.api.ReplicaBroadcast;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Resolved API keys, kept in memory for a few seconds ({@code genkend.security.api-key-cache-ttl}, default 5 s),
 * so that a client's requests do not each run a database transaction to authenticate. Only successful
 * resolutions are kept (an unknown key always asks the database, so a newly issued key works at once).
 *
 * <p>Revocation takes effect at once on every replica: {@link #revokedAfterCommit} drops the key here after the
 * revoking transaction has committed and publishes its id on the Redis channel {@value #CHANNEL}, on which every
 * replica drops it too. If that message is lost (Redis away), the time to live bounds how long another replica
 * may still accept the key. A resolution that started before an eviction is not kept (a generation counter), so a
 * request racing with the revocation cannot put the revoked key back.
 */
@Component
public class ApiKeyCache {

    /** Redis pub/sub channel carrying the id of each revoked key. */
    public static final String CHANNEL = "genkend:api-key:revoked";

    private static final Logger log = LoggerFactory.getLogger(ApiKeyCache.class);
    private static final int MAX_ENTRIES = 10_000;

    /**
     * A key as resolved by {@code resolve_api_key}.
     *
     * @param keyId      the key's id
     * @param tenantId   its tenant's id
     * @param tenantSlug its tenant's slug
     */
    public record Resolved(UUID keyId, UUID tenantId, String tenantSlug) {
    }

    private record Entry(Resolved resolved, long expiresAt) {
    }

    private final Map<String, Entry> byHash = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final long ttlNanos;
    private final ReplicaBroadcast revocations;

    ApiKeyCache(@Value("${genkend.security.api-key-cache-ttl:5s}") Duration ttl, StringRedisTemplate redis,
                RedisConnectionFactory connectionFactory) {
        this.ttlNanos = ttl.toNanos();
        this.revocations = new ReplicaBroadcast(CHANNEL, redis, connectionFactory, id -> {
            try {
                evict(UUID.fromString(id));
            } catch (IllegalArgumentException e) {
                log.warn("Ignoring a malformed API key revocation message");
            }
        });
    }

    /**
     * @param keyHash the SHA-256 of the presented secret, hex
     * @param loader  asks the database; empty for an unknown, revoked or suspended key
     * @return the resolved key, from memory when resolved less than the time to live ago
     */
    public Optional<Resolved> resolve(String keyHash, Function<String, Optional<Resolved>> loader) {
        if (ttlNanos > 0) {
            Entry entry = byHash.get(keyHash);
            if (entry != null && entry.expiresAt() - System.nanoTime() > 0) {
                return Optional.of(entry.resolved());
            }
        }
        long seen = generation.get();
        Optional<Resolved> resolved = loader.apply(keyHash);
        if (ttlNanos > 0) {
            if (resolved.isPresent() && generation.get() == seen) {
                if (byHash.size() >= MAX_ENTRIES) {
                    byHash.clear();
                }
                byHash.put(keyHash, new Entry(resolved.get(), System.nanoTime() + ttlNanos));
            } else {
                byHash.remove(keyHash);
            }
        }
        return resolved;
    }

    /** Drops a key from this replica's memory. */
    public void evict(UUID keyId) {
        generation.incrementAndGet();
        byHash.values().removeIf(entry -> entry.resolved().keyId().equals(keyId));
    }

    /**
     * Drops a revoked key here and on every replica, once the current transaction has committed (at once when
     * there is none).
     */
    public void revokedAfterCommit(UUID keyId) {
        revocations.afterCommit(keyId.toString());
    }

    @PreDestroy
    void close() throws Exception {
        revocations.close();
    }
}
