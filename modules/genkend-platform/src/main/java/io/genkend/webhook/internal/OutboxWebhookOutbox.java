package io.genkend.webhook.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.tenancy.TenantContext;
import io.genkend.webhook.WebhookEventTypes;
import io.genkend.webhook.WebhookOutbox;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.genkend.schema.Tables.WEBHOOK_DELIVERY;
import static io.genkend.schema.Tables.WEBHOOK_SUBSCRIPTION;

/**
 * The webhook outbox: {@link #enqueue} writes one {@code PENDING} delivery per enabled subscription of the current
 * tenant to the event type, in the caller's transaction (so a rolled-back change sends nothing), due at once; the
 * {@link DeliveryDispatcher} sends it after commit (this replica is woken at commit; any replica's poll finds it
 * otherwise). The body is rendered here, once: {@code {"type", "timestamp",
 * "data"}}, kept byte for byte for every attempt.
 */
@Service
class OutboxWebhookOutbox implements WebhookOutbox {

    private static final Logger log = LoggerFactory.getLogger(OutboxWebhookOutbox.class);

    private final DSLContext dsl;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final ObjectProvider<DeliveryDispatcher> dispatcher;
    private final SubscribedTypes subscribed;

    OutboxWebhookOutbox(DSLContext dsl, ObjectMapper mapper, Clock clock,
                        ObjectProvider<DeliveryDispatcher> dispatcher, SubscribedTypes subscribed) {
        this.subscribed = subscribed;
        this.dsl = dsl;
        this.mapper = mapper;
        this.clock = clock;
        this.dispatcher = dispatcher;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the event type is malformed or the payload cannot be written as JSON
     * @throws IllegalStateException    outside a tenant
     */
    @Override
    @Transactional
    public UUID enqueue(String eventType, Map<String, Object> payload) {
        if (eventType == null || !WebhookEventTypes.PATTERN.matcher(eventType).matches()) {
            throw new IllegalArgumentException("Not an event type: " + eventType);
        }
        UUID tenantId = TenantContext.require().id();
        UUID messageId = UUID.randomUUID();
        if (!subscribed.mayHaveSubscribers(tenantId, eventType)) {
            return messageId; // nobody subscribed to this type: no query (SubscribedTypes)
        }
        Instant now = clock.instant();
        List<UUID> subscriptions = dsl.select(WEBHOOK_SUBSCRIPTION.ID).from(WEBHOOK_SUBSCRIPTION)
                .where(WEBHOOK_SUBSCRIPTION.ENABLED.isTrue())
                .and(DSL.arrayOverlap(WEBHOOK_SUBSCRIPTION.EVENT_TYPES,
                        new String[]{eventType, WebhookEventTypes.ALL}))
                .fetch(WEBHOOK_SUBSCRIPTION.ID);
        if (subscriptions.isEmpty()) {
            return messageId;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", eventType);
        body.put("timestamp", now.toString());
        body.put("data", payload == null ? Map.of() : payload);
        String json;
        try {
            json = mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The payload of " + eventType + " cannot be written as JSON", e);
        }
        UUID customerId = customerIdOf(payload);
        var insert = dsl.insertInto(WEBHOOK_DELIVERY, WEBHOOK_DELIVERY.ID, WEBHOOK_DELIVERY.TENANT_ID,
                WEBHOOK_DELIVERY.SUBSCRIPTION_ID, WEBHOOK_DELIVERY.MESSAGE_ID, WEBHOOK_DELIVERY.EVENT_TYPE,
                WEBHOOK_DELIVERY.BODY, WEBHOOK_DELIVERY.CUSTOMER_ID, WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT,
                WEBHOOK_DELIVERY.CREATED_AT);
        for (UUID subscription : subscriptions) {
            insert = insert.values(UUID.randomUUID(), tenantId, subscription, messageId, eventType, json, customerId,
                    now, now);
        }
        insert.execute();
        // this replica looks for the new deliveries right after commit instead of at its next poll
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    dispatcher.ifAvailable(DeliveryDispatcher::wakeUp);
                }
            });
        }
        log.debug("Queued webhook {} {} for {} subscription(s)", eventType, messageId, subscriptions.size());
        return messageId;
    }

    /** The payload's {@code customerId}, if it has one, so that erasure can find the delivery. */
    private static UUID customerIdOf(Map<String, Object> payload) {
        Object value = payload == null ? null : payload.get("customerId");
        if (value instanceof UUID uuid) {
            return uuid;
        }
        if (value instanceof String text) {
            try {
                return UUID.fromString(text);
            } catch (IllegalArgumentException notUuid) {
                return null;
            }
        }
        return null;
    }
}
