package io.genkend.webhook;

import java.util.Map;
import java.util.UUID;

/** Queues webhook deliveries to the current tenant's subscriptions, in the caller's transaction. */
public interface WebhookOutbox {

    /**
     * Writes one delivery per enabled subscription of the current tenant to {@code eventType} into the outbox, in
     * the caller's transaction; delivery happens after commit, signed and retried.
     *
     * @param eventType such as {@code task.created}, {@code fulfilment.requested}, {@code customer.erased}
     * @param payload   the JSON body's {@code data}
     * @return the message id (the {@code webhook-id} header of every attempt)
     */
    UUID enqueue(String eventType, Map<String, Object> payload);
}
