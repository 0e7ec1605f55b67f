package io.genkend.decision.internal;

import io.genkend.customer.ErasureParticipant;
import org.springframework.stereotype.Component;

import java.util.UUID;

/** Erases what the decision module holds about a customer: decisions, facts, suppressions, responses,
 * explicit holdout membership. */
@Component
class DecisionErasure implements ErasureParticipant {

    private final OfferArbitration decisions;
    private final CustomerFacts facts;
    private final SuppressionStore suppressions;
    private final PropensityModel propensity;
    private final Holdout holdout;

    DecisionErasure(OfferArbitration decisions, CustomerFacts facts, SuppressionStore suppressions,
                    PropensityModel propensity, Holdout holdout) {
        this.holdout = holdout;
        this.decisions = decisions;
        this.facts = facts;
        this.suppressions = suppressions;
        this.propensity = propensity;
    }

    @Override
    public void erase(UUID customerId) {
        decisions.erase(customerId);
        facts.erase(customerId);
        suppressions.erase(customerId);
        propensity.erase(customerId);
        holdout.erase(customerId);
    }
}
