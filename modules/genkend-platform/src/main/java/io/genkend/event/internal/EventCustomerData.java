package io.genkend.event.internal;

import io.genkend.customer.CustomerMerged;
import io.genkend.customer.ErasureParticipant;
import io.genkend.customer.ExportContributor;
import io.genkend.customer.TimelineContributor;
import io.genkend.customer.TimelineEntry;
import io.genkend.schema.tables.records.EventRecord;
import io.genkend.tenancy.TenantContext;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.genkend.schema.Tables.EVENT;

/**
 * A customer's events as the customer module needs them: timeline entries, the export section {@code events},
 * erasure (Art. 17, including the Redis deduplication entries of the erased events and the customer's incomplete
 * event publications) and moving events when an
 * alias merges two profiles.
 */
@Component
class EventCustomerData implements TimelineContributor, ExportContributor, ErasureParticipant {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EventCustomerData.class);

    private final DSLContext dsl;
    private final EventParser parser;
    private final DedupCache cache;

    EventCustomerData(DSLContext dsl, EventParser parser, DedupCache cache) {
        this.dsl = dsl;
        this.parser = parser;
        this.cache = cache;
    }

    @Override
    public List<TimelineEntry> entries(UUID customerId, Instant before, String beforeKey, int limit) {
        Condition older = DSL.noCondition();
        if (before != null) {
            older = EVENT.OCCURRED_AT.lt(before).or(EVENT.OCCURRED_AT.eq(before)
                    .and(DSL.concat(DSL.inline("event:"), EVENT.ID.cast(SQLDataType.VARCHAR)).collate("C")
                            .lt(DSL.val(beforeKey).collate("C"))));
        }
        return dsl.selectFrom(EVENT).where(EVENT.CUSTOMER_ID.eq(customerId), older)
                .orderBy(EVENT.OCCURRED_AT.desc(), EVENT.ID.desc()).limit(limit)
                .fetch(r -> {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("type", r.getKind());
                    details.put("format", r.getFormat());
                    details.put("properties", parser.map(read(r.getProperties().data())));
                    return new TimelineEntry(r.getOccurredAt(), r.getId().toString(), "event", r.getName(),
                            details);
                });
    }

    @Override
    public String section() {
        return "events";
    }

    @Override
    public Object export(UUID customerId) {
        return dsl.selectFrom(EVENT).where(EVENT.CUSTOMER_ID.eq(customerId))
                .orderBy(EVENT.OCCURRED_AT, EVENT.ID).fetch(this::exported);
    }

    /**
     * Erases the customer's events (and their deduplication entries in Redis) and the customer's incomplete event
     * publications (Spring Modulith's {@code event_publication}, {@code completion_date} null, whose serialized
     * event's top-level {@code customerId} is the customer): otherwise the registry resubmits them at the next
     * start and, for instance, starts journeys for the erased customer.
     */
    @Override
    public void erase(UUID customerId) {
        int publications = dsl.execute("DELETE FROM event_publication WHERE completion_date IS NULL"
                + " AND serialized_event LIKE ? AND (CASE WHEN serialized_event LIKE ?"
                + " THEN serialized_event::jsonb ->> 'customerId' END) = ?",
                "%" + customerId + "%", "%" + customerId + "%", customerId.toString());
        if (publications > 0) {
            log.info("Erasure removed {} incomplete event publication(s) of customer {}", publications, customerId);
        }
        List<String> keys = dsl.deleteFrom(EVENT).where(EVENT.CUSTOMER_ID.eq(customerId))
                .returning(EVENT.DEDUP_KEY).fetch(EVENT.DEDUP_KEY);
        keys.stream().filter(java.util.Objects::nonNull)
                .forEach(key -> cache.forget(TenantContext.require(), key));
    }

    /** Moves the merged profile's events, synchronously in the merging transaction. */
    @EventListener
    void on(CustomerMerged merged) {
        dsl.update(EVENT).set(EVENT.CUSTOMER_ID, merged.into()).where(EVENT.CUSTOMER_ID.eq(merged.from())).execute();
    }

    private Map<String, Object> exported(EventRecord r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", r.getId());
        body.put("format", r.getFormat());
        body.put("type", r.getKind());
        body.put("name", r.getName());
        body.put("occurredAt", r.getOccurredAt());
        body.put("receivedAt", r.getReceivedAt());
        body.put("payload", read(r.getPayload().data()));
        return body;
    }

    private com.fasterxml.jackson.databind.JsonNode read(String json) {
        try {
            return parser.mapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
