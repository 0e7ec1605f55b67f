package io.genkend.decision.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.event.EventAccepted;
import io.genkend.schema.tables.records.FactRuleRecord;
import io.genkend.tenancy.TenantContext;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static io.genkend.schema.Tables.CUSTOMER_FACT;
import static io.genkend.schema.Tables.FACT_RULE;

/**
 * The decision module's own facts about each customer, by offer category: purchases, bookings, opened and closed
 * service cases and owned items, kept from accepted events so that applicability never reads another module's
 * tables. An event becomes facts through the tenant's fact rules (from its pack's {@code offers.json}); without a
 * rule, an event that carries a {@code category} property and whose name ends in {@code .purchased},
 * {@code .bought}, {@code Order Completed} or {@code .booked} becomes a purchase or a booking in that category.
 *
 * <p>Facts are written in the transaction that stores the event (a synchronous listener of
 * {@link EventAccepted}): an accepted event has its facts when its journeys decide, and recording them costs no
 * transaction, publication or completion of its own. The tenant's rules are read from memory, kept per tenant for
 * {@link #RULES_TTL} and dropped on this replica when a rule is saved (rules change only when a pack is seeded).
 */
@Component
class CustomerFacts {

    private static final Logger log = LoggerFactory.getLogger(CustomerFacts.class);
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() { };

    /**
     * The longest category or item, in characters, that a fact keeps. Longer values are not category codes (offer
     * categories are at most 100 characters) and would not fit the unique index's btree entry (2704 bytes); the
     * fact is skipped and the event is stored.
     */
    static final int MAX_FACT_VALUE = 200;

    /** How long a tenant's fact rules are read from memory before they are read again. */
    static final Duration RULES_TTL = Duration.ofSeconds(30);

    private record Rules(Map<String, List<FactRuleRecord>> byEvent, Instant loadedAt) {
    }

    private final DSLContext dsl;
    private final ObjectMapper json;
    private final Map<UUID, Rules> rulesByTenant = new ConcurrentHashMap<>();

    CustomerFacts(DSLContext dsl, ObjectMapper json) {
        this.dsl = dsl;
        this.json = json;
    }

    /**
     * Turns an accepted event into facts, under the event's tenant, in the transaction that stores the event (so a
     * failure here fails the storing, and a stored event always has its facts).
     */
    @EventListener
    void on(EventAccepted event) {
        TenantContext.runAs(event.tenant(), () -> record(event));
    }

    /** Records the facts of one event of the current tenant; a repeated event adds nothing. */
    @Transactional
    void record(EventAccepted event) {
        if (event.customerId() == null) {
            return;
        }
        Map<String, Object> properties = event.properties() == null ? Map.of() : event.properties();
        List<FactRuleRecord> rules = rules(event.tenant().id()).getOrDefault(event.name(), List.of());
        List<Fact> facts = new ArrayList<>();
        for (FactRuleRecord rule : rules) {
            String category = rule.getCategory();
            if (rule.getCategoryProperty() != null) {
                Object raw = properties.get(rule.getCategoryProperty());
                String mapped = raw == null ? null : readMap(rule.getCategoryMap()).get(raw.toString());
                category = mapped != null ? mapped : (category != null ? category : (raw == null ? null : raw.toString()));
            }
            if (category == null) {
                continue;
            }
            Object item = rule.getItemProperty() == null ? null : properties.get(rule.getItemProperty());
            facts.add(new Fact(rule.getKind(), category, item == null ? null : item.toString()));
        }
        if (rules.isEmpty() && properties.get("category") != null) {
            String name = event.name().toLowerCase(Locale.ROOT);
            String kind = name.endsWith(".booked") ? "BOOKING"
                    : name.endsWith(".purchased") || name.endsWith(".bought") || name.equals("order completed")
                    ? "PURCHASE" : null;
            if (kind != null) {
                Object item = properties.get("offerCode");
                facts.add(new Fact(kind, properties.get("category").toString(), item == null ? null : item.toString()));
            }
        }
        Instant at = event.occurredAt() != null ? event.occurredAt() : Instant.now();
        for (Fact fact : facts) {
            if (fact.category().length() > MAX_FACT_VALUE
                    || (fact.item() != null && fact.item().length() > MAX_FACT_VALUE)) {
                log.info("Event {} ({}): {} fact not recorded, its category ({} characters) or item ({} characters)"
                                + " is longer than {}", event.name(), event.eventId(), fact.kind(),
                        fact.category().length(), fact.item() == null ? 0 : fact.item().length(), MAX_FACT_VALUE);
                continue;
            }
            dsl.insertInto(CUSTOMER_FACT)
                    .set(CUSTOMER_FACT.ID, UUID.randomUUID())
                    .set(CUSTOMER_FACT.TENANT_ID, event.tenant().id())
                    .set(CUSTOMER_FACT.CUSTOMER_ID, event.customerId())
                    .set(CUSTOMER_FACT.KIND, fact.kind())
                    .set(CUSTOMER_FACT.CATEGORY, fact.category())
                    .set(CUSTOMER_FACT.ITEM, fact.item())
                    .set(CUSTOMER_FACT.EVENT_ID, event.eventId())
                    .set(CUSTOMER_FACT.EVENT_NAME, event.name())
                    .set(CUSTOMER_FACT.OCCURRED_AT, at)
                    .onConflictDoNothing()
                    .execute();
        }
        if (!facts.isEmpty()) {
            log.debug("Event {} gave {} decision facts", event.name(), facts.size());
        }
    }

    /** @return the current tenant's rules by event name, from memory when read less than {@link #RULES_TTL} ago */
    private Map<String, List<FactRuleRecord>> rules(UUID tenantId) {
        Rules rules = rulesByTenant.get(tenantId);
        if (rules == null || rules.loadedAt().plus(RULES_TTL).isBefore(Instant.now())) {
            Map<String, List<FactRuleRecord>> byEvent = new HashMap<>();
            for (FactRuleRecord rule : dsl.selectFrom(FACT_RULE).where(FACT_RULE.TENANT_ID.eq(tenantId)).fetch()) {
                byEvent.computeIfAbsent(rule.getEventName(), e -> new ArrayList<>()).add(rule);
            }
            rules = new Rules(Map.copyOf(byEvent), Instant.now());
            rulesByTenant.put(tenantId, rules);
        }
        return rules.byEvent();
    }

    /** @return the customer's facts, newest first */
    @Transactional(readOnly = true)
    List<StoredFact> of(UUID customerId) {
        return dsl.selectFrom(CUSTOMER_FACT).where(CUSTOMER_FACT.CUSTOMER_ID.eq(customerId))
                .orderBy(CUSTOMER_FACT.OCCURRED_AT.desc())
                .fetch(r -> new StoredFact(r.getKind(), r.getCategory(), r.getItem(), r.getEventName(),
                        r.getOccurredAt()));
    }

    /** Replaces the current tenant's fact rules for the given event names (pack seeding). */
    @Transactional
    void saveRule(FactRuleSpec rule) {
        dsl.insertInto(FACT_RULE)
                .set(FACT_RULE.ID, UUID.randomUUID())
                .set(FACT_RULE.TENANT_ID, TenantContext.require().id())
                .set(FACT_RULE.EVENT_NAME, rule.event())
                .set(FACT_RULE.KIND, rule.kind())
                .set(FACT_RULE.CATEGORY, rule.category())
                .set(FACT_RULE.CATEGORY_PROPERTY, rule.categoryProperty())
                .set(FACT_RULE.CATEGORY_MAP, JSONB.valueOf(write(rule.categoryMap())))
                .set(FACT_RULE.ITEM_PROPERTY, rule.itemProperty())
                .onConflict(FACT_RULE.TENANT_ID, FACT_RULE.EVENT_NAME, FACT_RULE.KIND)
                .doUpdate()
                .set(FACT_RULE.CATEGORY, rule.category())
                .set(FACT_RULE.CATEGORY_PROPERTY, rule.categoryProperty())
                .set(FACT_RULE.CATEGORY_MAP, JSONB.valueOf(write(rule.categoryMap())))
                .set(FACT_RULE.ITEM_PROPERTY, rule.itemProperty())
                .execute();
        UUID tenantId = TenantContext.require().id();
        rulesByTenant.remove(tenantId);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    rulesByTenant.remove(tenantId); // a concurrent event may have read the old rules meanwhile
                }
            });
        }
    }

    /** Removes everything about a customer (erasure). */
    @Transactional
    void erase(UUID customerId) {
        dsl.deleteFrom(CUSTOMER_FACT).where(CUSTOMER_FACT.CUSTOMER_ID.eq(customerId)).execute();
    }

    private Map<String, String> readMap(JSONB value) {
        try {
            return value == null ? Map.of() : json.readValue(value.data(), MAP);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value == null ? Map.of() : value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private record Fact(String kind, String category, String item) {
    }

    /**
     * A fact as applicability reads it.
     *
     * @param kind       {@code PURCHASE}, {@code BOOKING}, {@code CASE_OPENED}, {@code CASE_CLOSED}, {@code OWNED}
     * @param category   offer category
     * @param item       the item (an offer code, a part), or {@code null}
     * @param eventName  the event it came from
     * @param occurredAt when
     */
    record StoredFact(String kind, String category, String item, String eventName, Instant occurredAt) {
    }

    /**
     * How events of one name become facts (the {@code facts} entries of {@code offers.json}).
     *
     * @param event            event name, such as {@code repair.booked}
     * @param kind             fact kind
     * @param category         fixed category, or the fallback when the property's value is not in the map
     * @param categoryProperty event property whose value (mapped through {@code categoryMap}) is the category
     * @param categoryMap      property value to category, such as {@code windscreen -> car-glass}
     * @param itemProperty     event property holding the item, or {@code null}
     */
    record FactRuleSpec(String event, String kind, String category, String categoryProperty,
                        Map<String, String> categoryMap, String itemProperty) {
    }
}
