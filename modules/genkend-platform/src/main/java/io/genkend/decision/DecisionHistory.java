package io.genkend.decision;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The stored decisions of the current tenant's customers, for the customer's timeline. */
public interface DecisionHistory {

    /**
     * @param customerId the customer
     * @param limit      at most this many, newest first
     * @return the customer's decisions, newest first
     */
    List<DecidedOffer> forCustomer(UUID customerId, int limit);

    /**
     * A stored decision with when and for what it was made.
     *
     * @param decision  the decision with its candidates
     * @param customerId the customer
     * @param context   the decision context ({@code repair.completed})
     * @param decidedAt when
     */
    record DecidedOffer(Decision decision, UUID customerId, String context, Instant decidedAt) {
    }
}
