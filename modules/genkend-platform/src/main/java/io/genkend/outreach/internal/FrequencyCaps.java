package io.genkend.outreach.internal;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Frequency caps counted atomically in Redis: one Lua script checks every counter of a message (its channel's and
 * all channels' day, week and month in the customer's zone) and increments them all only if none is full, so two
 * journeys sending to one customer at the same moment cannot both pass a cap of one. Counters expire a day after
 * their period ends. If the caller's transaction rolls back, the increments are given back.
 */
@Component
class FrequencyCaps {

    private static final DefaultRedisScript<Long> TAKE = new DefaultRedisScript<>("""
            for i = 1, #KEYS do
              local used = tonumber(redis.call('GET', KEYS[i]) or '0')
              if used >= tonumber(ARGV[i * 2 - 1]) then
                return i
              end
            end
            for i = 1, #KEYS do
              redis.call('INCR', KEYS[i])
              redis.call('EXPIRE', KEYS[i], tonumber(ARGV[i * 2]))
            end
            return 0
            """, Long.class);

    private static final DefaultRedisScript<Long> GIVE_BACK = new DefaultRedisScript<>("""
            for i = 1, #KEYS do
              if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then
                redis.call('DECR', KEYS[i])
              end
            end
            return 0
            """, Long.class);

    private final StringRedisTemplate redis;

    FrequencyCaps(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /**
     * Takes one message from every counter, or none if one is full.
     *
     * @param tenantId   the tenant
     * @param customerId the customer
     * @param counters   the message's counters
     * @param now        now (for the expiry)
     * @return the full counter, or {@code null} when the message was counted
     */
    ContactPolicy.Counter take(UUID tenantId, UUID customerId, List<ContactPolicy.Counter> counters, Instant now) {
        if (counters.isEmpty()) {
            return null;
        }
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>();
        for (ContactPolicy.Counter counter : counters) {
            keys.add(key(tenantId, customerId, counter));
            args.add(Integer.toString(counter.limit()));
            long ttl = Math.max(60, Duration.between(now, counter.end()).getSeconds() + 86_400);
            args.add(Long.toString(ttl));
        }
        Long full = redis.execute(TAKE, keys, args.toArray());
        if (full != null && full > 0) {
            return counters.get(full.intValue() - 1);
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status != STATUS_COMMITTED) {
                        giveBack(keys);
                    }
                }
            });
        }
        return null;
    }

    /** Gives back messages counted for an outreach that was not written after all. */
    void giveBack(UUID tenantId, UUID customerId, List<ContactPolicy.Counter> counters) {
        giveBack(counters.stream().map(c -> key(tenantId, customerId, c)).toList());
    }

    /** @return how many messages a counter has counted */
    long used(UUID tenantId, UUID customerId, ContactPolicy.Counter counter) {
        String value = redis.opsForValue().get(key(tenantId, customerId, counter));
        return value == null ? 0 : Long.parseLong(value);
    }

    private void giveBack(List<String> keys) {
        if (!keys.isEmpty()) {
            redis.execute(GIVE_BACK, keys);
        }
    }

    private static String key(UUID tenantId, UUID customerId, ContactPolicy.Counter counter) {
        return "genkend:cap:" + tenantId + ":" + customerId + ":" + counter.key();
    }
}
