package io.genkend.decision;

/**
 * The current tenant's decision settings that the decision module stores (table {@code decision_settings}): today
 * the share of customers in the hashed holdout (control) group, see {@link HoldoutGroup} and docs/decisions.md.
 */
public interface DecisionSettings {

    /** @return the holdout share in percent, 0 to 100: the tenant's own, else {@code genkend.decision.holdout-percent} */
    double holdoutPercent();

    /**
     * Sets the tenant's holdout share; it applies to the next decision.
     *
     * @param percent 0 to 100
     * @throws IllegalArgumentException when outside 0 to 100 (or not a number); nothing is written then
     */
    void setHoldoutPercent(double percent);
}
