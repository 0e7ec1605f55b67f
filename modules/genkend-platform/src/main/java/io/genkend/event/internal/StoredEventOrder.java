package io.genkend.event.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.genkend.event.EventAccepted;
import io.genkend.event.EventOrder;
import io.genkend.schema.tables.Event;
import io.genkend.tenancy.Tenant;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.types.DayToSecond;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import static io.genkend.schema.Tables.EVENT;

/**
 * {@link EventOrder} over the stored events: their {@code seq} (an identity column, V113) is the accepting order,
 * and the index {@code event_customer_received_idx (customer_id, received_at)} bounds the scan to the customer's
 * events of the window.
 */
@Component
class StoredEventOrder implements EventOrder {

    private final DSLContext dsl;
    private final EventParser parser;

    StoredEventOrder(DSLContext dsl, EventParser parser) {
        this.dsl = dsl;
        this.parser = parser;
    }

    @Override
    public List<EventAccepted> earlier(Tenant tenant, UUID eventId, UUID customerId, Set<String> names,
                                       Duration window, int limit, Function<Field<UUID>, Condition> unhandled) {
        if (limit <= 0) {
            return List.of();
        }
        Event event = EVENT.as("this_event");
        Event earlier = EVENT.as("earlier");
        Field<Instant> from = event.RECEIVED_AT.minus(DSL.val(DayToSecond.valueOf(window)));
        return dsl.select(earlier.ID, earlier.NAME, earlier.PROPERTIES, earlier.OCCURRED_AT)
                .from(event).join(earlier).on(earlier.CUSTOMER_ID.eq(customerId),
                        earlier.TENANT_ID.eq(event.TENANT_ID), earlier.RECEIVED_AT.ge(from),
                        earlier.SEQ.lt(event.SEQ))
                .where(event.ID.eq(eventId), names == null ? DSL.noCondition() : earlier.NAME.in(names),
                        unhandled.apply(earlier.ID))
                .orderBy(earlier.SEQ).limit(limit)
                .fetch(r -> new EventAccepted(tenant, r.value1(), customerId, r.value2(),
                        properties(r.value3().data()), r.value4()));
    }

    private Map<String, Object> properties(String json) {
        try {
            return parser.map(parser.mapper().readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored event's properties are not JSON", e);
        }
    }
}
