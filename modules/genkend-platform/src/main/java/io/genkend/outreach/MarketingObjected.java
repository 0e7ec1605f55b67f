package io.genkend.outreach;

import io.genkend.customer.Channel;
import io.genkend.tenancy.Tenant;

import java.time.Instant;
import java.util.UUID;

/**
 * Published when a customer unsubscribes from a channel or objects to all direct marketing (GDPR Art. 21) through
 * a signed link. Outreach honours it at once; the customer module should withdraw the matching marketing consent.
 *
 * @param tenant     the tenant
 * @param customerId the customer
 * @param channel    the channel unsubscribed from, or {@code null} for an objection to all direct marketing
 * @param outreachId the outreach whose link was used
 * @param at         when
 */
public record MarketingObjected(Tenant tenant, UUID customerId, Channel channel, UUID outreachId, Instant at) {
}
