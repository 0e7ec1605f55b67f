package io.genkend.customer;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Implemented by each module that has something to show on a customer's timeline (events, consents, outreach,
 * journey steps, tasks). The customer module asks every contributor bean for one page and merges them newest
 * first (keyset paging on {@code (at, kind:id)}), with the current tenant set.
 */
public interface TimelineContributor {

    /**
     * @param customerId the customer's profile id
     * @param before     only entries strictly older than this position: {@code at}, and for equal {@code at}
     *                   a smaller {@link TimelineEntry#sortKey()}; {@code before} is {@code null} for the first
     *                   page
     * @param beforeKey  the tie-breaker of the position, or {@code null} with {@code before}
     * @param limit      at most this many entries (the page size)
     * @return entries, newest first
     */
    List<TimelineEntry> entries(UUID customerId, Instant before, String beforeKey, int limit);
}
