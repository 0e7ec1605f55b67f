package io.genkend.customer;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Read and update access to the current tenant's customer profiles, for other modules. */
public interface CustomerProfiles {

    /** @return the current tenant's customer with this profile id; empty if none (or another tenant's) */
    Optional<CustomerProfile> find(UUID customerId);

    /** @return the current tenant's customer with this {@code userId} identity, if any */
    Optional<CustomerProfile> findByUserId(String userId);

    /**
     * Merges traits into a profile (the journey step "update profile traits"). Concurrent updates lose no write.
     *
     * @throws java.util.NoSuchElementException when the customer does not exist for the current tenant
     */
    void updateTraits(UUID customerId, Map<String, Object> traits);
}
