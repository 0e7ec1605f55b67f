package io.genkend.decision;

import java.util.List;
import java.util.UUID;

/**
 * A stored decision.
 *
 * @param id         decision id
 * @param offerCode  the chosen offer, or {@code null} when nothing passed or the customer is in the holdout
 * @param holdout    whether the customer is in the tenant's holdout (control) group
 * @param candidates every candidate considered, with its score or the policy that dropped it
 */
public record Decision(UUID id, String offerCode, boolean holdout, List<Candidate> candidates) {

    /** @return whether an offer was chosen */
    public boolean hasOffer() {
        return offerCode != null;
    }

    /**
     * One candidate offer.
     *
     * @param offerCode the offer
     * @param priority  propensity x context weight x value x lever, or 0 when dropped before ranking
     * @param droppedBy {@code null} if kept; else the policy or stage: {@code eligibility}, {@code applicability},
     *                  {@code suitability}, {@code suppression}, {@code arbitration} (outranked),
     *                  {@code holdout} (scored, but the customer is in the control group)
     * @param reason    a sentence for people, such as "category car-glass booked 2 days ago"
     */
    public record Candidate(String offerCode, double priority, String droppedBy, String reason) {
    }
}
