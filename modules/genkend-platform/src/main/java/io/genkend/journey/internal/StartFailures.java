package io.genkend.journey.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.journey.Journeys.StartFailureView;
import io.genkend.tenancy.Tenant;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.genkend.schema.Tables.JOURNEY_START_FAILURE;

/**
 * The store of start failures (table {@code journey_start_failure}, V112): one row per event and journey whose
 * start failed before its first async boundary, with what a retry needs (the event's name, properties and time),
 * open until a retry starts the journey for the event (or the entry rule no longer lets the customer in). All
 * methods work in the caller's transaction and tenant.
 */
@Component
class StartFailures {

    private static final Logger log = LoggerFactory.getLogger(StartFailures.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    /** Longest message kept (characters); the engine's messages can quote a whole expression or model part. */
    private static final int MESSAGE_LENGTH = 2000;

    /**
     * An open failure taken for a retry (locked until the transaction ends).
     *
     * @param id         the failure
     * @param eventId    the event
     * @param eventName  its name
     * @param customerId the customer
     * @param properties the event's properties as they arrived
     * @param occurredAt when the event happened, or {@code null}
     */
    record Open(UUID id, UUID eventId, String eventName, UUID customerId, Map<String, Object> properties,
                Instant occurredAt) {
    }

    private final DSLContext dsl;
    private final ObjectMapper mapper;

    StartFailures(DSLContext dsl, ObjectMapper mapper) {
        this.dsl = dsl;
        this.mapper = mapper;
    }

    /**
     * Records (or, for an event already recorded for this journey, counts one more attempt of) a failed start, and
     * logs it in one WARN line.
     */
    void record(Tenant tenant, TriggerRegistry.Trigger trigger, UUID eventId, String eventName, UUID customerId,
                Map<String, Object> properties, Instant occurredAt, RuntimeException failure) {
        String message = message(failure);
        log.warn("Journey {} (version {}) did not start for event {} ({}) of customer {}: {}", trigger.key(),
                trigger.version(), eventName, eventId, customerId, message);
        Instant now = Instant.now();
        dsl.insertInto(JOURNEY_START_FAILURE)
                .set(JOURNEY_START_FAILURE.ID, UUID.randomUUID())
                .set(JOURNEY_START_FAILURE.TENANT_ID, tenant.id())
                .set(JOURNEY_START_FAILURE.JOURNEY_KEY, trigger.key())
                .set(JOURNEY_START_FAILURE.DEFINITION_ID, trigger.definitionId())
                .set(JOURNEY_START_FAILURE.VERSION, trigger.version())
                .set(JOURNEY_START_FAILURE.EVENT_ID, eventId)
                .set(JOURNEY_START_FAILURE.EVENT_NAME, eventName)
                .set(JOURNEY_START_FAILURE.CUSTOMER_ID, customerId)
                .set(JOURNEY_START_FAILURE.PROPERTIES, json(properties))
                .set(JOURNEY_START_FAILURE.OCCURRED_AT, occurredAt)
                .set(JOURNEY_START_FAILURE.MESSAGE, message)
                .set(JOURNEY_START_FAILURE.FAILED_AT, now)
                .onConflict(JOURNEY_START_FAILURE.TENANT_ID, JOURNEY_START_FAILURE.EVENT_ID,
                        JOURNEY_START_FAILURE.JOURNEY_KEY)
                .doUpdate()
                .set(JOURNEY_START_FAILURE.ATTEMPTS, JOURNEY_START_FAILURE.ATTEMPTS.plus(1))
                .set(JOURNEY_START_FAILURE.MESSAGE, message)
                .set(JOURNEY_START_FAILURE.FAILED_AT, now)
                .set(JOURNEY_START_FAILURE.DEFINITION_ID, trigger.definitionId())
                .set(JOURNEY_START_FAILURE.VERSION, trigger.version())
                .set(JOURNEY_START_FAILURE.RESOLVED_AT, (Instant) null)
                .set(JOURNEY_START_FAILURE.RESOLUTION, (String) null)
                .execute();
    }

    /** @return the ids of a journey's open failures, oldest first, at most {@code limit} */
    List<UUID> openIds(String key, int limit) {
        return dsl.select(JOURNEY_START_FAILURE.ID).from(JOURNEY_START_FAILURE)
                .where(JOURNEY_START_FAILURE.JOURNEY_KEY.eq(key), JOURNEY_START_FAILURE.RESOLVED_AT.isNull())
                .orderBy(JOURNEY_START_FAILURE.FAILED_AT, JOURNEY_START_FAILURE.ID).limit(limit)
                .fetch(JOURNEY_START_FAILURE.ID);
    }

    /** @return the customer of an open failure, if it is open */
    Optional<UUID> customerOfOpen(UUID id) {
        return dsl.select(JOURNEY_START_FAILURE.CUSTOMER_ID).from(JOURNEY_START_FAILURE)
                .where(JOURNEY_START_FAILURE.ID.eq(id), JOURNEY_START_FAILURE.RESOLVED_AT.isNull())
                .fetchOptional(JOURNEY_START_FAILURE.CUSTOMER_ID);
    }

    /**
     * @return an open failure, locked ({@code FOR UPDATE SKIP LOCKED}: a concurrent retry of the same failure gets
     *         nothing), or empty when it is resolved, gone or being retried
     */
    Optional<Open> lockOpen(UUID id) {
        return dsl.select(JOURNEY_START_FAILURE.ID, JOURNEY_START_FAILURE.EVENT_ID, JOURNEY_START_FAILURE.EVENT_NAME,
                        JOURNEY_START_FAILURE.CUSTOMER_ID, JOURNEY_START_FAILURE.PROPERTIES,
                        JOURNEY_START_FAILURE.OCCURRED_AT)
                .from(JOURNEY_START_FAILURE)
                .where(JOURNEY_START_FAILURE.ID.eq(id), JOURNEY_START_FAILURE.RESOLVED_AT.isNull())
                .forUpdate().skipLocked()
                .fetchOptional(r -> new Open(r.value1(), r.value2(), r.value3(), r.value4(), properties(r.value5()),
                        r.value6()));
    }

    /** Resolves a failure: {@code started} (with the instance) or {@code not-entered}. */
    void resolve(UUID id, String resolution, String processInstanceId) {
        dsl.update(JOURNEY_START_FAILURE)
                .set(JOURNEY_START_FAILURE.RESOLVED_AT, Instant.now())
                .set(JOURNEY_START_FAILURE.RESOLUTION, resolution)
                .set(JOURNEY_START_FAILURE.PROCESS_INSTANCE_ID, processInstanceId)
                .where(JOURNEY_START_FAILURE.ID.eq(id)).execute();
    }

    /** @return the open failures of a journey ({@code null}: of every journey), newest first, at most {@code limit} */
    List<StartFailureView> open(String key, int limit) {
        Condition of = key == null ? DSL.noCondition() : JOURNEY_START_FAILURE.JOURNEY_KEY.eq(key);
        return dsl.selectFrom(JOURNEY_START_FAILURE)
                .where(of, JOURNEY_START_FAILURE.RESOLVED_AT.isNull())
                .orderBy(JOURNEY_START_FAILURE.FAILED_AT.desc(), JOURNEY_START_FAILURE.ID)
                .limit(limit)
                .fetch(r -> new StartFailureView(r.getId(), r.getJourneyKey(), r.getVersion(), r.getDefinitionId(),
                        r.getEventId(), r.getEventName(), r.getCustomerId(), r.getMessage(), r.getFailedAt(),
                        r.getAttempts()));
    }

    /** @return how many open failures a journey has */
    int openCount(String key) {
        return dsl.fetchCount(JOURNEY_START_FAILURE, JOURNEY_START_FAILURE.JOURNEY_KEY.eq(key)
                .and(JOURNEY_START_FAILURE.RESOLVED_AT.isNull()));
    }

    /**
     * @param customerId the customer (profile id)
     * @return every start failure of the customer, open and resolved, oldest first, for the customer's data export
     *         (GDPR Art. 20): the event's name, properties and time as kept for a retry, what failed, and how it was
     *         resolved
     */
    List<Map<String, Object>> ofCustomer(UUID customerId) {
        return dsl.selectFrom(JOURNEY_START_FAILURE)
                .where(JOURNEY_START_FAILURE.CUSTOMER_ID.eq(customerId))
                .orderBy(JOURNEY_START_FAILURE.FAILED_AT, JOURNEY_START_FAILURE.ID)
                .fetch(r -> {
                    Map<String, Object> failure = new java.util.LinkedHashMap<>();
                    failure.put("id", r.getId());
                    failure.put("journeyKey", r.getJourneyKey());
                    failure.put("version", r.getVersion());
                    failure.put("eventId", r.getEventId());
                    failure.put("eventName", r.getEventName());
                    failure.put("properties", properties(r.getProperties()));
                    failure.put("occurredAt", r.getOccurredAt());
                    failure.put("message", r.getMessage());
                    failure.put("failedAt", r.getFailedAt());
                    failure.put("attempts", r.getAttempts());
                    failure.put("resolvedAt", r.getResolvedAt());
                    failure.put("resolution", r.getResolution());
                    failure.put("processInstanceId", r.getProcessInstanceId());
                    return failure;
                });
    }

    /**
     * Deletes the resolved failures of every tenant resolved before {@code before} (V114's security-definer
     * function: row-level security would show only the current tenant's). Open ones are kept.
     *
     * @return how many were deleted
     */
    int purgeResolved(Instant before) {
        Integer purged = dsl.select(io.genkend.schema.Routines.journeyStartFailurePurge(before)).fetchOne(0,
                Integer.class);
        return purged == null ? 0 : purged;
    }

    /** @return how many open failures each journey of the tenant has (journeys without any are absent) */
    Map<String, Integer> openCounts() {
        org.jooq.Field<Integer> count = DSL.count();
        return dsl.select(JOURNEY_START_FAILURE.JOURNEY_KEY, count).from(JOURNEY_START_FAILURE)
                .where(JOURNEY_START_FAILURE.RESOLVED_AT.isNull())
                .groupBy(JOURNEY_START_FAILURE.JOURNEY_KEY)
                .fetchMap(JOURNEY_START_FAILURE.JOURNEY_KEY, count);
    }

    /** Deletes a customer's start failures, open and resolved (erasure). */
    void erase(UUID customerId) {
        dsl.deleteFrom(JOURNEY_START_FAILURE).where(JOURNEY_START_FAILURE.CUSTOMER_ID.eq(customerId)).execute();
    }

    /**
     * @return the failure's message for people: the exception's own, followed by its root cause's when that says
     *         something the message does not, on one line, at most {@value #MESSAGE_LENGTH} characters
     */
    static String message(Throwable failure) {
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                root = t;
            }
        }
        String message = failure.getMessage() == null || failure.getMessage().isBlank()
                ? failure.getClass().getSimpleName() : failure.getMessage();
        if (root != failure && root.getMessage() != null && !message.contains(root.getMessage())) {
            message = message + " (cause: " + root.getMessage() + ")";
        }
        message = message.strip().replaceAll("\\s*\\R\\s*", " ");
        return message.length() > MESSAGE_LENGTH ? message.substring(0, MESSAGE_LENGTH - 1) + "…" : message;
    }

    private JSONB json(Map<String, Object> properties) {
        try {
            return JSONB.valueOf(mapper.writeValueAsString(properties == null ? Map.of() : properties));
        } catch (JsonProcessingException e) {
            // properties come from JSON (or a journey's emit step: strings, numbers, booleans); keep the failure
            log.debug("Could not keep the properties of a failed start: {}", e.getMessage());
            return JSONB.valueOf("{}");
        }
    }

    private Map<String, Object> properties(JSONB json) {
        try {
            return json == null ? Map.of() : mapper.readValue(json.data(), MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A start failure's properties are not JSON", e);
        }
    }
}
