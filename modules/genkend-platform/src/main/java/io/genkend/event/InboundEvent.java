package io.genkend.event;

import java.time.Instant;
import java.util.Map;

/**
 * An event that a pack's {@link InboundEventMapper} made from a tenant system's native payload. It is stored
 * like a Segment {@code track} call; when {@code traits} is not empty, the customer's profile is updated with them
 * first, like a Segment {@code identify}.
 *
 * @param name        the event name, such as {@code repair.booked} or {@code Order Completed}
 * @param userId      the tenant's id of the customer, or {@code null}
 * @param anonymousId an anonymous id, or {@code null}; at least one of the two is given
 * @param messageId   a stable id of this occurrence in the source system (such as the order id), used for
 *                    deduplication; {@code null} to use the webhook's {@code webhook-id} and the event's index
 * @param occurredAt  when it happened, or {@code null} for receipt time
 * @param properties  the event's properties; JSON-serialisable values (ids above 2^53 as strings, amounts as
 *                    {@link java.math.BigDecimal} or strings)
 * @param traits      profile traits carried by the payload (email, phone, name), or an empty map
 */
public record InboundEvent(String name, String userId, String anonymousId, String messageId, Instant occurredAt,
                           Map<String, Object> properties, Map<String, Object> traits) {
}
