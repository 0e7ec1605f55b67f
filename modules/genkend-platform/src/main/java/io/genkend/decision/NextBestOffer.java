package io.genkend.decision;

/** Decides the next-best-offer for a customer of the current tenant. */
public interface NextBestOffer {

    /**
     * Filters the offer catalogue by eligibility, applicability and suitability, ranks what passes by
     * propensity x context weight x value x lever, and stores the decision with the reason every dropped
     * candidate was dropped. A customer in the holdout group gets no offer.
     *
     * @param request what to decide for
     * @return the stored decision
     */
    Decision decide(DecisionRequest request);
}
