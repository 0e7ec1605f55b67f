package io.genkend.journey.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.tenancy.Tenant;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.genkend.schema.Tables.JOURNEY_PENDING_MESSAGE;

/**
 * The store of early messages (table {@code journey_pending_message}): an {@code event:<name>} message that no
 * instance of the customer waits for, while one of the tenant's journeys waits for it on the way, is kept for
 * {@link JourneyProperties#messageBufferTtl()} and correlated when an instance of the customer reaches a catch
 * event or receive task for it (oldest first; one message moves one wait). Camunda 7 has no message buffer; this is
 * the store-and-correlate-on-arrival pattern, with a time to live as in Camunda 8. All methods work in the
 * caller's transaction and tenant.
 */
@Component
class MessageBuffer {

    /** Variable listing the names of the date variables (JSON keeps them as ISO strings). */
    private static final String DATES = "genkendBufferedDates";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    /** A buffered message taken for delivery (locked until the transaction ends). */
    record Pending(UUID id, Map<String, Object> variables) {
    }

    private final DSLContext dsl;
    private final JourneyProperties properties;
    private final ObjectMapper mapper;

    MessageBuffer(DSLContext dsl, JourneyProperties properties, ObjectMapper mapper) {
        this.dsl = dsl;
        this.properties = properties;
        this.mapper = mapper;
    }

    /** @return whether buffering is on (a time to live above zero) */
    boolean enabled() {
        return properties.messageBufferTtl() != null && !properties.messageBufferTtl().isZero()
                && !properties.messageBufferTtl().isNegative();
    }

    /**
     * Keeps a message that nobody waits for yet.
     *
     * @param messageName {@code event:<name>}
     * @param variables   the variables the correlation would have set (strings, numbers, booleans, dates)
     */
    void keep(Tenant tenant, UUID customerId, String messageName, UUID eventId, Map<String, Object> variables) {
        Map<String, Object> stored = new HashMap<>();
        List<String> dates = new ArrayList<>();
        variables.forEach((name, value) -> {
            if (value instanceof Date date) {
                stored.put(name, date.toInstant().toString());
                dates.add(name);
            } else {
                stored.put(name, value);
            }
        });
        stored.put(DATES, dates);
        Instant now = Instant.now();
        try {
            dsl.insertInto(JOURNEY_PENDING_MESSAGE)
                    .set(JOURNEY_PENDING_MESSAGE.ID, UUID.randomUUID())
                    .set(JOURNEY_PENDING_MESSAGE.TENANT_ID, tenant.id())
                    .set(JOURNEY_PENDING_MESSAGE.CUSTOMER_ID, customerId)
                    .set(JOURNEY_PENDING_MESSAGE.MESSAGE_NAME, messageName)
                    .set(JOURNEY_PENDING_MESSAGE.EVENT_ID, eventId)
                    .set(JOURNEY_PENDING_MESSAGE.VARIABLES, JSONB.valueOf(mapper.writeValueAsString(stored)))
                    .set(JOURNEY_PENDING_MESSAGE.RECEIVED_AT, now)
                    .set(JOURNEY_PENDING_MESSAGE.EXPIRES_AT, now.plus(properties.messageBufferTtl()))
                    .execute();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Message variables must be JSON values", e);
        }
    }

    /** @return whether an unexpired message of this name waits for the customer */
    boolean hasPending(UUID customerId, String messageName) {
        return dsl.fetchExists(JOURNEY_PENDING_MESSAGE, JOURNEY_PENDING_MESSAGE.CUSTOMER_ID.eq(customerId)
                .and(JOURNEY_PENDING_MESSAGE.MESSAGE_NAME.eq(messageName))
                .and(JOURNEY_PENDING_MESSAGE.EXPIRES_AT.gt(Instant.now())));
    }

    /**
     * @return the customer's oldest unexpired message of this name, locked ({@code FOR UPDATE SKIP LOCKED}, so two
     *         replicas never deliver one message twice), or empty
     */
    Optional<Pending> takeOldest(UUID customerId, String messageName) {
        return dsl.select(JOURNEY_PENDING_MESSAGE.ID, JOURNEY_PENDING_MESSAGE.VARIABLES).from(JOURNEY_PENDING_MESSAGE)
                .where(JOURNEY_PENDING_MESSAGE.CUSTOMER_ID.eq(customerId)
                        .and(JOURNEY_PENDING_MESSAGE.MESSAGE_NAME.eq(messageName))
                        .and(JOURNEY_PENDING_MESSAGE.EXPIRES_AT.gt(Instant.now())))
                .orderBy(JOURNEY_PENDING_MESSAGE.RECEIVED_AT, JOURNEY_PENDING_MESSAGE.ID)
                .limit(1).forUpdate().skipLocked()
                .fetchOptional(r -> new Pending(r.value1(), variables(r.value2())));
    }

    /**
     * A kept message as the customer's data export shows it.
     *
     * @param messageName {@code event:<name>}
     * @param eventId     the event it came from
     * @param variables   the variables it will set (the event's properties; dates as ISO-8601 strings)
     * @param receivedAt  when it was kept
     * @param expiresAt   when it is dropped unless an instance waits for it before
     */
    record Kept(String messageName, UUID eventId, Map<String, Object> variables, Instant receivedAt,
                Instant expiresAt) {
    }

    /** @return every message kept for the customer (current tenant), oldest first, expired or not */
    List<Kept> ofCustomer(UUID customerId) {
        return dsl.select(JOURNEY_PENDING_MESSAGE.MESSAGE_NAME, JOURNEY_PENDING_MESSAGE.EVENT_ID,
                        JOURNEY_PENDING_MESSAGE.VARIABLES, JOURNEY_PENDING_MESSAGE.RECEIVED_AT,
                        JOURNEY_PENDING_MESSAGE.EXPIRES_AT)
                .from(JOURNEY_PENDING_MESSAGE).where(JOURNEY_PENDING_MESSAGE.CUSTOMER_ID.eq(customerId))
                .orderBy(JOURNEY_PENDING_MESSAGE.RECEIVED_AT, JOURNEY_PENDING_MESSAGE.ID)
                .fetch(r -> {
                    Map<String, Object> variables = new HashMap<>(variables(r.value3()));
                    variables.remove(DATES);
                    variables.replaceAll((k, v) -> v instanceof Date d ? d.toInstant().toString() : v);
                    return new Kept(r.value1(), r.value2(), variables, r.value4(), r.value5());
                });
    }

    /** Deletes a delivered message. */
    void delivered(UUID id) {
        dsl.deleteFrom(JOURNEY_PENDING_MESSAGE).where(JOURNEY_PENDING_MESSAGE.ID.eq(id)).execute();
    }

    /** A customer's buffered message that an instance now waits for. */
    record Due(UUID tenantId, String tenantSlug, UUID customerId, String messageName) {
    }

    /** @return buffered messages of every tenant that an instance of their customer now waits for */
    List<Due> due(int limit) {
        return dsl.fetch("select tenant_id, tenant_slug, customer_id, message_name "
                        + "from journey_pending_message_due(now(), ?)", limit)
                .map(r -> new Due(r.get("tenant_id", UUID.class), r.get("tenant_slug", String.class),
                        r.get("customer_id", UUID.class), r.get("message_name", String.class)));
    }

    /** @return how many expired messages were deleted, of every tenant */
    int purgeExpired() {
        Object purged = dsl.fetchValue("select journey_pending_message_purge(now())");
        return purged == null ? 0 : ((Number) purged).intValue();
    }

    private Map<String, Object> variables(JSONB json) {
        try {
            Map<String, Object> variables = mapper.readValue(json.data(), MAP);
            Object dates = variables.remove(DATES);
            if (dates instanceof List<?> names) {
                for (Object name : names) {
                    Object value = variables.get(String.valueOf(name));
                    if (value != null) {
                        variables.put(String.valueOf(name), Date.from(Instant.parse(value.toString())));
                    }
                }
            }
            return variables;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A buffered message's variables are not JSON", e);
        }
    }
}
