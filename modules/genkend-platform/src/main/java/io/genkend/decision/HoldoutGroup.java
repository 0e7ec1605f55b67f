package io.genkend.decision;

import java.util.UUID;

/**
 * The current tenant's holdout (control) group: customers who get no offer, so that the uplift of offers can be
 * measured. A customer is in it by hash (a stable share of the tenant's customers, 2 % by default) or because a
 * journey added them (the step "add to holdout").
 */
public interface HoldoutGroup {

    /** @return whether the customer is in the holdout group */
    boolean contains(UUID customerId);

    /**
     * Adds a customer to the holdout group; adding twice changes nothing.
     *
     * @param customerId the customer
     * @param reason     why, for people
     */
    void add(UUID customerId, String reason);
}
