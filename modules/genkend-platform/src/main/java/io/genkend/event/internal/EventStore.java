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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.genkend.schema.Tables.EVENT;

/**
 * Stores events durably, exactly once per deduplication key, and publishes {@link EventAccepted} in the storing
 * transaction. Two ways, with the same answers:
 * <ul>
 *   <li>{@link #storeAll}: a group commit's micro-batch in one transaction (see {@link EventWriter}): one look-up
 *   of the batch's keys, one lock statement and one look-up for its known customers, one multi-row insert, one
 *   JDBC batch of event publications ({@link PublicationBatching}); the unique constraint {@code (tenant_id, dedup_key)} is the truth
 *   against a concurrent writer (its violation fails the batch, which is then stored item by item);</li>
 *   <li>{@link #store}: one event in its own transaction, a transaction-scoped advisory lock on the key
 *   serialising concurrent repeats (the fallback when a batch fails).</li>
 * </ul>
 * A key older than the window is released and the event stored anew.
 */
@Component
class EventStore {

    private final DSLContext dsl;
    private final TransactionTemplate transactions;
    private final CustomerIdentities customers;
    private final EventParser parser;
    private final ApplicationEventPublisher events;
    private final Duration window;

    private final PublicationBatching publications;

    EventStore(DSLContext dsl, TransactionTemplate transactions, CustomerIdentities customers,
               EventParser parser, ApplicationEventPublisher events, EventProperties properties,
               PublicationBatching publications) {
        this.publications = publications;
        this.dsl = dsl;
        this.transactions = transactions;
        this.customers = customers;
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
     * Stores one event of the given tenant in its own transaction.
     *
     * @throws ConflictingDuplicate when the key was used for a different body within the window
     * @throws io.genkend.customer.CustomerErasedException when the event would bring back an erased customer
     * @throws IllegalArgumentException when a consent trait is malformed (message: {@code field: reason})
     */
    Stored store(Tenant tenant, IncomingEvent event) {
        return TenantContext.callAs(tenant, () -> transactions.execute(status -> storeInTransaction(tenant, event)));
    }

    /** One event waiting in a group commit: its tenant and the event. */
    record Pending(Tenant tenant, IncomingEvent event) {
    }

    /**
     * Stores a micro-batch in one transaction: every item's outcome, in order, is a {@link Stored} (new or
     * duplicate) or the {@link ConflictingDuplicate} the item is answered with. Items of one tenant are handled
     * together and in their order; a repeat of a key earlier in the same batch is its duplicate.
     *
     * @return one outcome per item
     * @throws RuntimeException when the batch could not be stored (nothing of it is): an erased customer, a
     *                          malformed consent trait, a concurrent insert of one of its keys, a database error;
     *                          the caller then stores the items one by one
     */
    List<Object> storeAll(List<Pending> batch) {
        Object[] outcomes = new Object[batch.size()];
        Map<Tenant, List<Integer>> byTenant = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            byTenant.computeIfAbsent(batch.get(i).tenant(), t -> new ArrayList<>()).add(i);
        }
        transactions.executeWithoutResult(status -> publications.deferring(() -> {
            byTenant.forEach((tenant, indexes) ->
                    TenantContext.runAs(tenant, () -> storeGroup(tenant, indexes, batch, outcomes)));
            return null;
        }));
        return Arrays.asList(outcomes);
    }

    private record Known(UUID id, String bodyHash, Instant receivedAt) {
    }

    private void storeGroup(Tenant tenant, List<Integer> indexes, List<Pending> batch, Object[] outcomes) {
        Set<String> keys = new HashSet<>();
        for (int index : indexes) {
            if (batch.get(index).event().dedupKey() != null) {
                keys.add(batch.get(index).event().dedupKey());
            }
        }
        Map<String, Known> known = new HashMap<>();
        if (!keys.isEmpty()) {
            dsl.select(EVENT.DEDUP_KEY, EVENT.ID, EVENT.BODY_HASH, EVENT.RECEIVED_AT).from(EVENT)
                    .where(EVENT.TENANT_ID.eq(tenant.id()), EVENT.DEDUP_KEY.in(keys))
                    .forEach(r -> known.put(r.value1(), new Known(r.value2(), r.value3(), r.value4())));
        }
        // the customers of plain events (track, page, ...) that are known already: one lock statement, one look-up
        List<String> userIds = new ArrayList<>();
        List<String> anonymousIds = new ArrayList<>();
        List<Integer> plain = new ArrayList<>();
        for (int index : indexes) {
            IncomingEvent event = batch.get(index).event();
            if (isPlain(event)) {
                plain.add(index);
                userIds.add(event.userId());
                anonymousIds.add(event.anonymousId());
            }
        }
        Map<Integer, UUID> resolved = new HashMap<>();
        if (!plain.isEmpty()) {
            List<UUID> customerIds = customers.resolveExisting(userIds, anonymousIds);
            for (int i = 0; i < plain.size(); i++) {
                if (customerIds.get(i) != null) {
                    resolved.put(plain.get(i), customerIds.get(i));
                }
            }
        }
        Instant expired = Instant.now().minus(window);
        var insert = dsl.insertInto(EVENT, EVENT.ID, EVENT.TENANT_ID, EVENT.CUSTOMER_ID, EVENT.FORMAT, EVENT.KIND,
                EVENT.NAME, EVENT.DEDUP_KEY, EVENT.BODY_HASH, EVENT.PAYLOAD, EVENT.PROPERTIES, EVENT.OCCURRED_AT,
                EVENT.RECEIVED_AT);
        int rows = 0;
        for (int index : indexes) {
            IncomingEvent event = batch.get(index).event();
            String key = event.dedupKey();
            Known seen = key == null ? null : known.get(key);
            if (seen != null && seen.receivedAt().isBefore(expired)) {
                dsl.update(EVENT).setNull(EVENT.DEDUP_KEY).where(EVENT.ID.eq(seen.id())).execute();
                seen = null;
            }
            if (seen != null) {
                outcomes[index] = seen.bodyHash().equals(event.bodyHash())
                        ? new Stored(seen.id(), true, seen.receivedAt()) : new ConflictingDuplicate(seen.id());
                continue;
            }
            UUID customerId;
            if (resolved.containsKey(index)) {
                customerId = resolved.get(index);
            } else {
                customerId = customerOf(event);
                if (event.namesCustomer()) {
                    // it may have created, attached or merged profiles: later events look theirs up again
                    resolved.clear();
                }
            }
            UUID id = UUID.randomUUID();
            Instant receivedAt = Instant.now();
            insert = insert.values(id, tenant.id(), customerId, event.format(), event.kind(), event.name(), key,
                    event.bodyHash(), json(event.payload()), json(event.properties()), event.occurredAt(),
                    receivedAt);
            rows++;
            events.publishEvent(new EventAccepted(tenant, id, customerId, event.name(), event.properties(),
                    event.occurredAt()));
            if (key != null) {
                known.put(key, new Known(id, event.bodyHash(), receivedAt));
            }
            outcomes[index] = new Stored(id, false, receivedAt);
        }
        if (rows > 0) {
            insert.execute();
        }
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

    /** An event whose customer is only looked up (or created) by its ids, without traits: see customerOf. */
    private static boolean isPlain(IncomingEvent event) {
        return !event.kind().equals("identify") && !event.kind().equals("alias") && event.namesCustomer()
                && !(event.format().equals("webhook") && !event.traits().isEmpty());
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
