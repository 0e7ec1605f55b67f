package io.genkend.event.internal;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Map;

/**
 * One validated event, ready to store.
 *
 * @param format      {@code segment}, {@code cloudevents} or {@code webhook}
 * @param kind        Segment call type ({@code track}, {@code identify}, {@code alias}, {@code page},
 *                    {@code screen}, {@code group}) or {@code cloudevent}
 * @param name        event name (track event, CloudEvents type, or the call type)
 * @param userId      Segment userId / CloudEvents {@code userid} extension, or {@code null}
 * @param anonymousId Segment anonymousId / CloudEvents {@code anonymousid}, or {@code null}
 * @param previousId  alias's previousId, else {@code null}
 * @param traits      identify/group traits (without changes), else empty
 * @param properties  what listeners get as the event's properties
 * @param occurredAt  when it happened
 * @param dedupKey    deduplication key, or {@code null} when the event has none
 * @param bodyHash    SHA-256 of the canonical item, to tell a repeat from a conflicting reuse of the key
 * @param payload     the item as received
 * @param source      provenance for consent proof: {@code segment}, {@code cloudevents}, {@code webhook:<source>}
 */
record IncomingEvent(String format, String kind, String name, String userId, String anonymousId, String previousId,
                     Map<String, Object> traits, Map<String, Object> properties, Instant occurredAt, String dedupKey,
                     String bodyHash, JsonNode payload, String source) {

    boolean namesCustomer() {
        return userId != null || anonymousId != null;
    }
}
