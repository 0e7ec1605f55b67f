package io.genkend.outreach;

import io.genkend.customer.Channel;
import io.genkend.tenancy.Tenant;

import java.time.Instant;
import java.util.UUID;

/**
 * Published in the transaction that marks an outreach sent (after the provider took it), for the customer's
 * timeline and for statistics.
 *
 * @param tenant     the tenant
 * @param outreachId the outreach
 * @param customerId the customer
 * @param channel    the channel it went out on
 * @param offerCode  the offer it presents, or {@code null}
 * @param at         when it was handed over
 */
public record OutreachSent(Tenant tenant, UUID outreachId, UUID customerId, Channel channel, String offerCode,
                           Instant at) {
}
