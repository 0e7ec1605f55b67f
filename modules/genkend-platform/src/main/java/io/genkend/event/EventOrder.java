package io.genkend.event;

import io.genkend.tenancy.Tenant;
import org.jooq.Condition;
import org.jooq.Field;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The order in which a customer's events were accepted: within a batch (or a group commit) the batch's order,
 * across requests the order of their commits. Listeners that must see one customer's events in that order, though
 * their {@link EventAccepted} deliveries run on several threads at once, ask for the earlier ones they have not
 * handled yet and handle those first (docs/journeys.md, "Order per customer").
 */
public interface EventOrder {

    /**
     * The customer's events of the current tenant accepted before {@code eventId}, oldest first, in one indexed
     * statement: only those accepted at most {@code window} before it, named in {@code names}, for which
     * {@code unhandled} holds, at most {@code limit}. Nothing when {@code eventId} is no stored event (an event
     * raised by a journey, an erased customer's).
     *
     * @param tenant     the tenant (also current: row-level security applies)
     * @param eventId    the event whose predecessors are wanted
     * @param customerId its customer
     * @param names      event names to consider; {@code null}: any
     * @param window     how long before the event an earlier one may have been accepted ({@code received_at})
     * @param limit      at most this many, the oldest
     * @param unhandled  a condition on an earlier event's id that the caller's own tables decide (such as "no
     *                   processed row"), evaluated in the same statement
     * @return the earlier events as they were published when accepted (properties read back from the stored
     *         JSON)
     */
    List<EventAccepted> earlier(Tenant tenant, UUID eventId, UUID customerId, Set<String> names, Duration window,
                                int limit, Function<Field<UUID>, Condition> unhandled);
}
