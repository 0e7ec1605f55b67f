package io.genkend.decision;

import java.util.Optional;

/** Read access to the current tenant's offer catalogue, for outreach and journeys. */
public interface OfferCatalogue {

    /** @return the current tenant's offer with this code, active or not; empty if none */
    Optional<Offer> find(String code);
}
