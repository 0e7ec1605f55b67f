package io.genkend.decision;

import java.util.UUID;

/**
 * Feeds customers' responses back into decisions (called by outreach in the response's transaction): the adaptive
 * propensity model learns from it, and an offer ignored twice by a customer is suppressed for that customer.
 */
public interface ResponseLearning {

    /**
     * Records a response of the current tenant's customer to an offer. Recording the same response of the same
     * outreach again changes nothing.
     *
     * @param customerId the customer
     * @param offerCode  the offer answered
     * @param response   {@code ACCEPTED} (a success), {@code DECLINED} or {@code IGNORED} (failures), or
     *                   {@code CLICKED} (interest: stored, not counted)
     * @param outreachId the outreach answered, or {@code null}
     */
    void learn(UUID customerId, String offerCode, String response, UUID outreachId);

    /**
     * The offer's current propensity for the current tenant: the posterior mean (a0 + s) / (a0 + b0 + s + f) of its
     * Beta-Bernoulli model, with the offer's prior (or the tenant-wide default) and the responses counted so far.
     *
     * @param offer the offer (its code and prior are used)
     * @return a probability, 0 to 1
     */
    double propensity(OfferSpec offer);
}
