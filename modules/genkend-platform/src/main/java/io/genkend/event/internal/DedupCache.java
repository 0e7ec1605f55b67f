package io.genkend.event.internal;

import io.genkend.tenancy.Tenant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * The fast path of deduplication: {@code genkend:event:dedup:<tenant>:<sha256(key)>} holds the stored event's id
 * and body hash for the rest of the window. PostgreSQL's unique constraint stays the truth: a miss here (or Redis
 * being away) only means the database answers.
 */
@Component
class DedupCache {

    private static final Logger log = LoggerFactory.getLogger(DedupCache.class);

    private final StringRedisTemplate redis;

    DedupCache(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** A remembered event: its id and body hash. */
    record Seen(UUID eventId, String bodyHash) {
    }

    Optional<Seen> find(Tenant tenant, String dedupKey) {
        try {
            String value = redis.opsForValue().get(key(tenant, dedupKey));
            if (value == null) {
                return Optional.empty();
            }
            int bar = value.indexOf('|');
            return Optional.of(new Seen(UUID.fromString(value.substring(0, bar)), value.substring(bar + 1)));
        } catch (RuntimeException e) {
            log.warn("Dedup cache unavailable, asking the database: {}", e.toString());
            return Optional.empty();
        }
    }

    void remember(Tenant tenant, String dedupKey, Seen seen, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            return;
        }
        try {
            redis.opsForValue().set(key(tenant, dedupKey), seen.eventId() + "|" + seen.bodyHash(), ttl);
        } catch (RuntimeException e) {
            log.warn("Dedup cache unavailable, not remembering: {}", e.toString());
        }
    }

    void forget(Tenant tenant, String dedupKey) {
        try {
            redis.delete(key(tenant, dedupKey));
        } catch (RuntimeException e) {
            log.warn("Dedup cache unavailable, not forgetting: {}", e.toString());
        }
    }

    private static String key(Tenant tenant, String dedupKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(dedupKey.getBytes(StandardCharsets.UTF_8));
            return "genkend:event:dedup:" + tenant.id() + ":" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
