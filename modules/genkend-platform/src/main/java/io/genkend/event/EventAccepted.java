package io.genkend.event;

import io.genkend.tenancy.Tenant;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Published in the transaction that stores an accepted event (not for duplicates). Spring Modulith's event
 * publication registry keeps it until every listener has handled it, so that a crash between accepting and
 * correlating loses nothing; listeners run after commit, on another thread, and must restore {@link #tenant()}.
 *
 * @param tenant     the tenant whose event it is
 * @param eventId    id of the stored event
 * @param customerId the customer (profile id) it belongs to, or {@code null} for a CloudEvent that names no
 *                   customer (no {@code userid}/{@code anonymousid} extension)
 * @param name       the event name: a Segment {@code track} event name, {@code identify}, {@code page}, ... or a
 *                   CloudEvents {@code type}, such as {@code repair.booked}
 * @param properties the event's properties (Segment {@code properties}/{@code traits}, CloudEvents {@code data}
 *                   when it is a JSON object)
 * @param occurredAt when it happened (Segment {@code timestamp}, CloudEvents {@code time}, else receipt time)
 */
public record EventAccepted(Tenant tenant, UUID eventId, UUID customerId, String name,
                            Map<String, Object> properties, Instant occurredAt) {
}
