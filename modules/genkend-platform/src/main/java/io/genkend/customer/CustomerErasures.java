package io.genkend.customer;

import java.util.UUID;

/**
 * Erasure of a customer (GDPR Art. 17) for other modules, such as the web UI; the same erasure as
 * {@code DELETE /api/v1/customers/{id}} (rules in docs/events.md, "Erasure").
 */
public interface CustomerErasures {

    /**
     * In one transaction: every {@link ErasureParticipant} removes its module's data, then consents, identities
     * and the profile are deleted; a SHA-256 hash of each identifier is kept so that a later event cannot bring
     * the customer back.
     *
     * @param customerId the current tenant's profile id
     * @return {@code true} when the customer existed and is now erased; {@code false} when there is no such
     *         customer for the current tenant (another tenant's, or already erased)
     * @throws IllegalStateException when no tenant is current
     */
    boolean erase(UUID customerId);
}
