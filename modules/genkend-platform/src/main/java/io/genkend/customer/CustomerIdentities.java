package io.genkend.customer;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Finds and creates the current tenant's customers from the identities that incoming events carry (the event
 * module's entry into the customer module). Every method runs in the caller's transaction, and serialises
 * concurrent calls for the same identity, so two events for a new customer never create two profiles.
 */
public interface CustomerIdentities {

    /**
     * @param userId      Segment {@code userId}, or {@code null}
     * @param anonymousId Segment {@code anonymousId}, or {@code null}; at least one of the two is given
     * @return the profile id, creating the profile (and the missing identities) when neither is known
     * @throws CustomerErasedException when creating a profile for an identifier that was erased
     */
    UUID resolveOrCreate(String userId, String anonymousId);

    /**
     * Resolves many events' customers at once, where nothing needs to be written: with one statement taking the
     * identities' locks (in the order {@link #resolveOrCreate} takes them) and one look-up for all of them. For
     * each pair the answer is what {@link #resolveOrCreate} would answer, or {@code null} where that call is
     * needed (a new identity, an anonymous profile to attach or merge).
     *
     * @param userIds      per event, its userId or {@code null}
     * @param anonymousIds per event, its anonymousId or {@code null}; as long as {@code userIds}
     * @return per event, the profile id or {@code null}
     */
    java.util.List<UUID> resolveExisting(java.util.List<String> userIds, java.util.List<String> anonymousIds);

    /**
     * Segment {@code identify}: resolves or creates the profile and merges the traits into it (top-level keys of
     * {@code traits} replace the stored ones; others stay). {@code email} and {@code phone} traits become
     * identities; a {@code consent} trait (shape in docs/events.md) is recorded as consent and not kept as a
     * trait.
     *
     * @param at     when the customer gave the traits (proof time of a consent trait)
     * @param source where they came from, such as {@code segment} or {@code webhook:shopify}
     * @return the profile id
     * @throws CustomerErasedException as {@link #resolveOrCreate}
     * @throws IllegalArgumentException when the consent trait is malformed; the message names the field
     */
    UUID identify(String userId, String anonymousId, Map<String, Object> traits, Instant at, String source);

    /**
     * Segment {@code alias}: {@code previousId} (an anonymousId, earlier userId or e-mail) and {@code userId} are
     * the same person. When both have a profile, the previous one is merged into the userId's (identities,
     * consents, traits where the target has none, and, through {@link CustomerMerged}, other modules' rows).
     *
     * @return the id of the profile that remains
     */
    UUID alias(String previousId, String userId);
}
