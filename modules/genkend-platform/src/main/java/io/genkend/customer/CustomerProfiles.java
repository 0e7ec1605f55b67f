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

    /** @return the current tenant's customer with this {@code anonymousId} identity, if any */
    Optional<CustomerProfile> findByAnonymousId(String anonymousId);

    /**
     * The customer a person or a tenant system names by an id of its own, as events name customers: the
     * {@code userId} identity, else an {@code anonymousId} identity (a profile known only from anonymous events, or
     * the profile an anonymous one was merged into). A {@code userId} wins when one profile's anonymousId equals
     * another's userId.
     *
     * @return the current tenant's customer, if any
     */
    default Optional<CustomerProfile> findByOwnId(String id) {
        return findByUserId(id).or(() -> findByAnonymousId(id));
    }

    /**
     * The customer an API query parameter names (as the customer API's {@code {id}}): the profile id when {@code ref}
     * is a UUID of one of the tenant's profiles, else {@link #findByOwnId} ({@code userId}, else {@code anonymousId}).
     *
     * @param ref a profile id, userId or anonymousId; not blank
     * @return the current tenant's customer, if any
     */
    default Optional<CustomerProfile> findByAnyId(String ref) {
        try {
            Optional<CustomerProfile> byProfileId = find(UUID.fromString(ref));
            if (byProfileId.isPresent()) {
                return byProfileId;
            }
        } catch (IllegalArgumentException notUuid) {
            // not a profile id: the tenant's own id
        }
        return findByOwnId(ref);
    }

    /**
     * Merges traits into a profile (the journey step "update profile traits"). Concurrent updates lose no write.
     *
     * @throws java.util.NoSuchElementException when the customer does not exist for the current tenant
     */
    void updateTraits(UUID customerId, Map<String, Object> traits);
}
