package io.genkend.decision;

import java.util.List;
import java.util.Optional;

/**
 * The current tenant's offer catalogue: read access for outreach and journeys ({@link #find}), and the full
 * offers with their policies for the offers page and the REST API ({@link #list}, {@link #spec}, {@link #save},
 * {@link #delete}).
 * Row-level security keeps tenants apart: another tenant's offer is never found.
 */
public interface OfferCatalogue {

    /** @return the current tenant's offer with this code, active or not; empty if none */
    Optional<Offer> find(String code);

    /** @return every offer of the current tenant, active or not, ordered by code */
    List<OfferSpec> list();

    /** @return the current tenant's offer with this code, with its policies and settings; empty if none */
    Optional<OfferSpec> spec(String code);

    /**
     * Validates and creates or replaces the offer with the spec's code, in one transaction: the next decision
     * uses it. Checks {@link OfferSpec#errors()} and parses the eligibility and suitability DMN with Camunda's
     * DMN engine.
     *
     * @param spec the whole offer (missing parts take the defaults of {@link OfferSpec})
     * @return whether it was created ({@code false}: an existing offer was replaced)
     * @throws OfferInvalidException when a field is invalid; nothing is written then
     */
    boolean save(OfferSpec spec);

    /**
     * Deletes the current tenant's offer with this code (the offers page's deletion and the REST API's DELETE).
     * Decisions and outreach already made keep their record of the code.
     *
     * @return whether such an offer existed and was deleted ({@code false} also for another tenant's offer)
     */
    boolean delete(String code);
}
