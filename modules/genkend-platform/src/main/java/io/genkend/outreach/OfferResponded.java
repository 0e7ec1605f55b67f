package io.genkend.outreach;

import io.genkend.tenancy.Tenant;

import java.time.Instant;
import java.util.UUID;

/**
 * Published when a customer answers an offer (a signed link or the tenant app's API), or when the response window
 * passes ({@code IGNORED}). The journey module correlates it to the message {@code response:<offer code>}. A click
 * ({@code CLICKED}) is recorded and learned from but not published: it is no answer, and a journey waiting for one
 * must not move on.
 *
 * @param tenant     the tenant
 * @param customerId the customer
 * @param offerCode  the offer answered
 * @param response   {@code ACCEPTED}, {@code DECLINED} or {@code IGNORED}
 * @param outreachId the outreach answered
 * @param at         when
 */
public record OfferResponded(Tenant tenant, UUID customerId, String offerCode, String response, UUID outreachId,
                             Instant at) {
}
