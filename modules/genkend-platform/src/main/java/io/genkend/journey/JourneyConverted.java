package io.genkend.journey;

import io.genkend.tenancy.Tenant;

import java.time.Instant;
import java.util.UUID;

/**
 * Published when a journey's exit event (its goal, such as a purchase) ends a customer's instance; the instance
 * counts as a conversion.
 *
 * @param tenant            the tenant
 * @param customerId        the customer
 * @param journeyKey        the journey
 * @param processInstanceId the ended instance
 * @param eventName         the exit event
 * @param at                when
 */
public record JourneyConverted(Tenant tenant, UUID customerId, String journeyKey, String processInstanceId,
                               String eventName, Instant at) {
}
