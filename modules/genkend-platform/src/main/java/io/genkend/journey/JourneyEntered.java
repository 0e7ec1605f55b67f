package io.genkend.journey;

import io.genkend.tenancy.Tenant;

import java.time.Instant;
import java.util.UUID;

/**
 * Published when an event starts a journey instance for a customer.
 *
 * @param tenant            the tenant
 * @param customerId        the customer
 * @param journeyKey        the journey
 * @param version           the version entered
 * @param processInstanceId the new instance
 * @param eventName         the triggering event
 * @param eventId           the triggering event's id
 * @param at                when
 */
public record JourneyEntered(Tenant tenant, UUID customerId, String journeyKey, int version,
                             String processInstanceId, String eventName, UUID eventId, Instant at) {
}
