package io.genkend.journey.internal;

import io.genkend.tenancy.Tenant;

import java.util.UUID;

/**
 * Published (in the engine's transaction) when an instance of a customer reaches a catch event or receive task for
 * {@code messageName} while a buffered message of that name waits for the customer; handled after commit, when
 * the instance's subscription exists, by {@link JourneyTriggers#deliverBuffered}.
 *
 * @param tenant      the tenant
 * @param customerId  the customer (the instance's business key)
 * @param messageName {@code event:<name>}
 */
record BufferedMessageDue(Tenant tenant, UUID customerId, String messageName) {
}
