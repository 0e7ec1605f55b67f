package io.genkend.customer;

import java.util.UUID;

/**
 * Implemented by every module that holds personal data of a customer (journeys, outreach, webhooks, decisions):
 * the customer module calls each one when a customer is erased (GDPR Art. 17), in the erasure's transaction,
 * with the current tenant set.
 */
public interface ErasureParticipant {

    /**
     * Removes everything this module holds about the customer.
     *
     * @param customerId the customer's profile id
     */
    void erase(UUID customerId);
}
