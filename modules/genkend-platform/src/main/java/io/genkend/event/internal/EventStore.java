package io.genkend.event.internal;

import io.genkend.customer.CustomerIdentities;
import io.genkend.event.EventAccepted;
import io.genkend.tenancy.Tenant;
import io.genkend.tenancy.TenantContext;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.genkend.schema.Tables.EVENT;

/**
 * Stores one event durably, in its own transaction, exactly once per deduplication key: Redis answers known keys
 * fast; in the database a transaction-scoped advisory lock on the key serialises concurrent repeats and the
 * unique constraint {@code (tenant_id, dedup_key)} is the truth. A key older than the window is released and the
 * event stored anew. {@link EventAccepted} is published in the storing transaction.
 */
@Component
class EventStore {

    private final DSLContext dsl;
    private final TransactionTemplate transactions;
    private final CustomerIdentities customers;
    private final DedupCache cache;
    private final EventParser parser;
    private final ApplicationEventPublisher events;
    private final Duration window;

    EventStore(DSLContext dsl, TransactionTemplate transactions, CustomerIdentities customers, DedupCache cache,
               EventParser parser, ApplicationEventPublisher events, EventProperties properties) {
        this.dsl = dsl;
        this.transactions = transactions;
        this.customers = customers;
        this.cache = cache;
        this.parser = parser;
        this.events = events;
        this.window = properties.dedupWindow();
    }

    /**
     * The stored event.
     *
     * @param id         its id (the original's for a duplicate)
     * @param duplicate  whether it had been stored before
     * @param receivedAt when the (original) event was stored
     */
    record Stored(UUID id, boolean duplicate, Instant receivedAt) {
    }

    /** The key was used before for a different body: never merged silently (answered 409). */
    static final class ConflictingDuplicate extends RuntimeException {
        final UUID originalId;

        ConflictingDuplicate(UUID originalId) {
            super("This deduplication key was already used for a different event.");
            this.originalId = originalId;
        }
    }

    /**
     * @throws ConflictingDuplicate when the key was used for a different body within the window
     * @throws io.genkend.customer.CustomerErasedException when the event would bring back an erased customer
     * @throws IllegalArgumentException when a consent trait is malformed (message: {@code field: reason})
     */
    Stored store(IncomingEvent event) {
        Tenant tenant = TenantContext.require();
        if (event.dedupKey() != null) {
            var seen = cache.find(tenant, event.dedupKey());
            if (seen.isPresent()) {
                if (!seen.get().bodyHash().equals(event.bodyHash())) {
                    throw new ConflictingDuplicate(seen.get().eventId());
                }
                return new Stored(seen.get().eventId(), true, null);
            }
        }
        Stored stored = transactions.execute(status -> storeInTransaction(tenant, event));
        if (event.dedupKey() != null) {
            Instant receivedAt = stored.receivedAt() == null ? Instant.now() : stored.receivedAt();
            cache.remember(tenant, event.dedupKey(), new DedupCache.Seen(stored.id(), event.bodyHash()),
                    Duration.between(Instant.now(), receivedAt.plus(window)));
        }
        return stored;
    }

    private Stored storeInTransaction(Tenant tenant, IncomingEvent event) {
        if (event.dedupKey() != null) {
            dsl.select(DSL.function("pg_advisory_xact_lock", Object.class, DSL.val(lockKey(tenant, event.dedupKey()))))
                    .fetch();
            var existing = dsl.select(EVENT.ID, EVENT.BODY_HASH, EVENT.RECEIVED_AT).from(EVENT)
                    .where(EVENT.DEDUP_KEY.eq(event.dedupKey())).fetchOne();
            if (existing != null) {
                if (existing.value3().isBefore(Instant.now().minus(window))) {
                    dsl.update(EVENT).setNull(EVENT.DEDUP_KEY).where(EVENT.ID.eq(existing.value1())).execute();
                } else if (existing.value2().equals(event.bodyHash())) {
                    return new Stored(existing.value1(), true, existing.value3());
                } else {
                    throw new ConflictingDuplicate(existing.value1());
                }
            }
        }
        UUID customerId = customerOf(event);
        UUID id = UUID.randomUUID();
        Instant receivedAt = Instant.now();
        dsl.insertInto(EVENT)
                .set(EVENT.ID, id)
                .set(EVENT.TENANT_ID, tenant.id())
                .set(EVENT.CUSTOMER_ID, customerId)
                .set(EVENT.FORMAT, event.format())
                .set(EVENT.KIND, event.kind())
                .set(EVENT.NAME, event.name())
                .set(EVENT.DEDUP_KEY, event.dedupKey())
                .set(EVENT.BODY_HASH, event.bodyHash())
                .set(EVENT.PAYLOAD, json(event.payload()))
                .set(EVENT.PROPERTIES, json(event.properties()))
                .set(EVENT.OCCURRED_AT, event.occurredAt())
                .set(EVENT.RECEIVED_AT, receivedAt)
                .execute();
        events.publishEvent(new EventAccepted(tenant, id, customerId, event.name(), event.properties(),
                event.occurredAt()));
        return new Stored(id, false, receivedAt);
    }

    private UUID customerOf(IncomingEvent event) {
        return switch (event.kind()) {
            case "identify" -> customers.identify(event.userId(), event.anonymousId(), withContext(event),
                    event.occurredAt(), event.source());
            case "alias" -> customers.alias(event.previousId(), event.userId());
            default -> {
                if (!event.namesCustomer()) {
                    yield null;
                }
                if (event.format().equals("webhook") && !event.traits().isEmpty()) {
                    yield customers.identify(event.userId(), event.anonymousId(), event.traits(),
                            event.occurredAt(), event.source());
                }
                yield customers.resolveOrCreate(event.userId(), event.anonymousId());
            }
        };
    }

    /**
     * The traits of an {@code identify}, completed with the Segment common fields {@code context.locale} and
     * {@code context.timezone} (Segment Spec, "Common Fields") where the traits do not name them, since the
     * profile's language and time zone (templates, contact-policy periods) come from there.
     */
    private static Map<String, Object> withContext(IncomingEvent event) {
        Map<String, Object> traits = new java.util.LinkedHashMap<>(event.traits());
        com.fasterxml.jackson.databind.JsonNode context = event.payload() == null ? null
                : event.payload().path("context");
        if (context != null && context.isObject()) {
            if (!traits.containsKey("locale") && context.path("locale").isTextual()) {
                traits.put("locale", context.path("locale").asText());
            }
            if (!traits.containsKey("timezone") && !traits.containsKey("timeZone")
                    && context.path("timezone").isTextual()) {
                traits.put("timezone", context.path("timezone").asText());
            }
        }
        return traits;
    }

    private JSONB json(Object value) {
        try {
            return JSONB.valueOf(parser.mapper().writeValueAsString(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long lockKey(Tenant tenant, String dedupKey) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256")
                    .digest(("event|" + tenant.id() + "|" + dedupKey).getBytes(StandardCharsets.UTF_8))).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
