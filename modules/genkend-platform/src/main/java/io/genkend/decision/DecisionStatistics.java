package io.genkend.decision;

import java.util.Map;

/** Read-only counts of the current tenant's decisions, echo suppression and holdout, for reports. */
public interface DecisionStatistics {

    /** @return the tenant's decision figures */
    DecisionSummary summary();

    /**
     * @param decisions     decisions taken
     * @param withoutOffer  of those, with no offer chosen (nothing passed, or the customer is in the holdout)
     * @param offersDecided chosen offers per offer code, most first
     * @param echo          candidates dropped because their category was just bought or booked
     * @param holdout       the holdout (control group) and acceptance in it against the treated customers
     */
    record DecisionSummary(long decisions, long withoutOffer, Map<String, Long> offersDecided, EchoSuppression echo,
                           HoldoutSummary holdout) {
    }

    /**
     * Echo offers: a candidate dropped by a category suppression (a journey suppressed the category just bought
     * or booked, such as {@code car-glass} after a windscreen repair was booked) or by applicability with the reason
     * "category ... bought/booked ... ago" (a purchase or booking fact within the offer's window).
     *
     * @param candidates    echo candidates dropped, both kinds
     * @param bySuppression dropped by a category suppression
     * @param byApplicability dropped by applicability for a recent purchase or booking
     * @param byOffer       per offer code
     * @param decisions     decisions that dropped at least one echo candidate
     */
    record EchoSuppression(long candidates, long bySuppression, long byApplicability, Map<String, Long> byOffer,
                           long decisions) {
    }

    /**
     * Acceptance = the share of a group's customers who accepted at least one offer (an {@code ACCEPTED}
     * response). The holdout gets no offer, so its acceptance is expected to be 0 unless an offer reached a
     * holdout customer another way; the comparison shows what the offers add.
     *
     * @param customers          holdout customers: with a holdout decision, or added to the group explicitly
     * @param explicitMembers    of those, added by a journey or an operator ({@code holdout_member})
     * @param holdoutDecisions   decisions taken for holdout customers (no offer given)
     * @param holdoutAccepted    holdout customers who accepted an offer
     * @param treatedCustomers   customers who were decided an offer outside the holdout
     * @param treatedAccepted    of those, the ones who accepted an offer
     */
    record HoldoutSummary(long customers, long explicitMembers, long holdoutDecisions, long holdoutAccepted,
                          long treatedCustomers, long treatedAccepted) {

        /** @return holdoutAccepted / customers, or 0 for an empty holdout */
        public double holdoutAcceptance() {
            return customers == 0 ? 0 : (double) holdoutAccepted / customers;
        }

        /** @return treatedAccepted / treatedCustomers, or 0 when nobody was treated */
        public double treatedAcceptance() {
            return treatedCustomers == 0 ? 0 : (double) treatedAccepted / treatedCustomers;
        }

        /**
         * @return the uplift: treated acceptance minus holdout acceptance, as a fraction (0.05 = 5 percentage
         *         points); meaningful only when both groups are large enough (see {@link #enoughData(long)})
         */
        public double uplift() {
            return treatedAcceptance() - holdoutAcceptance();
        }

        /**
         * @param minimum the fewest customers each group needs
         * @return whether both the treated group and the holdout have at least {@code minimum} customers
         */
        public boolean enoughData(long minimum) {
            return customers >= minimum && treatedCustomers >= minimum;
        }
    }
}
