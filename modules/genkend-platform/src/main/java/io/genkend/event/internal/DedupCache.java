package io.genkend.event.internal;

import io.genkend.tenancy.Tenant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What is left of the former Redis fast path of deduplication ({@code genkend:event:dedup:<tenant>:<sha256(key)>},
 * the stored event's id and body hash): nothing writes or reads it any more, since the group commit looks a whole
 * batch's keys up in PostgreSQL in one query (see {@link EventStore}). Erasure still deletes the entries that
 * earlier versions wrote, until they have expired with the deduplication window.
 */
@Component
class DedupCache {

    private static final Logger log = LoggerFactory.getLogger(DedupCache.class);

    private final StringRedisTemplate redis;

    DedupCache(StringRedisTemplate redis) {
        this.redis = redis;
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
