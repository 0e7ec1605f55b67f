package io.genkend.webhook.internal;

import io.genkend.api.ReplicaBroadcast;
import io.genkend.webhook.WebhookEventTypes;
import jakarta.annotation.PreDestroy;
import org.jooq.DSLContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static io.genkend.schema.Tables.WEBHOOK_SUBSCRIPTION;

/**
 * Which event types a tenant has any subscription row for (enabled or not), kept in memory, so that the outbox
 * skips its subscription query for an event type nobody subscribed to (a journey reaches several steps per event,
 * each a {@code journey.step-reached} to look up). Only a new subscription or changed event types can turn a "no"
 * into a "yes": {@link #changed} (called by {@link WebhookSubscriptions} in its transaction) drops the tenant's
 * entry on every replica after the commit (Redis pub/sub, {@link ReplicaBroadcast}); disabling or deleting can only
 * make the answer conservative, and the outbox's own query still filters enabled subscriptions. At the latest after
 * {@link #TTL} the entry is read again, should a change message be lost.
 */
@Component
class SubscribedTypes {

    /** Redis pub/sub channel carrying the id of each tenant whose subscriptions changed. */
    static final String CHANNEL = "genkend:webhook-subscriptions:changed";
    /** How long a tenant's entry is used before it is read again. */
    static final Duration TTL = Duration.ofSeconds(30);

    private record Entry(Set<String> types, Instant loadedAt) {
    }

    private final DSLContext dsl;
    private final Map<UUID, Entry> byTenant = new ConcurrentHashMap<>();
    private final ReplicaBroadcast changes;

    SubscribedTypes(DSLContext dsl, StringRedisTemplate redis, RedisConnectionFactory connectionFactory) {
        this.dsl = dsl;
        this.changes = new ReplicaBroadcast(CHANNEL, redis, connectionFactory,
                tenantId -> byTenant.remove(UUID.fromString(tenantId)));
    }

    /**
     * @return {@code false} only when no subscription of the tenant (the current one) lists {@code eventType} or
     *         {@code *}
     */
    boolean mayHaveSubscribers(UUID tenantId, String eventType) {
        Entry entry = byTenant.get(tenantId);
        if (entry == null || entry.loadedAt().plus(TTL).isBefore(Instant.now())) {
            Set<String> types = new HashSet<>();
            dsl.select(WEBHOOK_SUBSCRIPTION.EVENT_TYPES).from(WEBHOOK_SUBSCRIPTION)
                    .where(WEBHOOK_SUBSCRIPTION.TENANT_ID.eq(tenantId))
                    .fetch(WEBHOOK_SUBSCRIPTION.EVENT_TYPES)
                    .forEach(listed -> types.addAll(Arrays.asList(listed)));
            entry = new Entry(Set.copyOf(types), Instant.now());
            byTenant.put(tenantId, entry);
        }
        return entry.types().contains(eventType) || entry.types().contains(WebhookEventTypes.ALL);
    }

    /** The tenant's subscriptions changed: forget its entry here now, everywhere after the commit. */
    void changed(UUID tenantId) {
        byTenant.remove(tenantId);
        changes.afterCommit(tenantId.toString());
    }

    @PreDestroy
    void close() throws Exception {
        changes.close();
    }
}
