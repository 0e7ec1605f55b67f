package io.genkend.journey;

import io.genkend.tenancy.Tenant;

import java.util.Map;
import java.util.UUID;

/**
 * Published by the step "emit an event": an event about a customer raised by a journey. The journey module
 * itself feeds it to the tenant's journeys (starts and waiting instances) as it does an accepted event.
 *
 * @param tenant     the tenant
 * @param eventId    a new id for the event
 * @param customerId the customer
 * @param name       the event name, such as {@code taxi.booked}
 * @param properties its properties (strings, numbers, booleans)
 * @param processInstanceId the emitting instance
 */
public record JourneyEventEmitted(Tenant tenant, UUID eventId, UUID customerId, String name,
                                  Map<String, Object> properties, String processInstanceId) {
}
