package io.genkend.journey.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.event.EventAccepted;
import io.genkend.event.EventOrder;
import io.genkend.journey.EntryRule;
import io.genkend.journey.JourneyConverted;
import io.genkend.journey.JourneyEntered;
import io.genkend.tenancy.Tenant;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Execution;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import static io.genkend.schema.Tables.JOURNEY_CONVERSION;
import static io.genkend.schema.Tables.JOURNEY_PROCESSED_EVENT;

/**
 * Feeds an event of a customer to the tenant's journeys, in one transaction with the engine's work: first exit
 * events (conversions), then instances waiting for {@code event:<name>}, then the journeys it starts (subject to
 * their entry rules). Correlation is by tenant id and business key (the customer), never by variable queries.
 * The event id is recorded in the same transaction, so a redelivered event changes nothing; a per-customer
 * advisory lock keeps two concurrent events from both passing an entry rule, and under it the customer's earlier
 * accepted events that no one has fed yet are fed first ({@link io.genkend.event.EventOrder}), so the journeys see
 * one customer's events in their accepting order whichever delivery runs first. An {@code event:<name>} message that
 * no instance of the customer waits for yet, while a journey of the tenant waits for it on the way, is kept in the
 * {@link MessageBuffer} and delivered by {@link #deliverBuffered} when an instance reaches the wait. An event whose
 * name no journey of the tenant can react to ({@link TriggerRegistry#listensTo}) is skipped before any of this.
 *
 * <p>Each start, each delivery to a waiting execution and each exit runs in a savepoint of the event's
 * transaction ({@code PROPAGATION_NESTED} on the same transaction manager): when one fails for a reason of the
 * journey's own (an expression refused by {@link JourneyExpressions}, a gateway without a way out, anything before
 * the first async boundary), only its savepoint is rolled back (which also clears the rollback-only mark that
 * Camunda's failed command set on the shared transaction), the failure is logged in one WARN line, a failed start
 * is recorded in {@link StartFailures} for a retry, and the event's other work commits. A transient failure
 * ({@link ConcurrencyRetry#isTransient}) still fails the whole event, to be tried again as a whole.
 */
@Service
class JourneyTriggers {

    private static final Logger log = LoggerFactory.getLogger(JourneyTriggers.class);

    /*
     * The three look-ups of every event as Camunda native queries (RuntimeService/HistoryService
     * createNative...Query, Camunda user guide "Native Queries"): the same rows as the query builders
     * (tenantIdIn + processInstanceBusinessKey + processDefinitionKey / messageEventSubscriptionName), but one fixed
     * statement instead of the builders' MyBatis dynamic SQL, whose OGNL evaluation was about a third of the
     * trigger listener's CPU (docs/performance.md). Each uses the business-key index.
     */
    /**
     * The customer's active executions of the tenant waiting for a message (catch events, receive tasks,
     * boundaries). Suspended ones ({@code SUSPENSION_STATE_ = 2}) are left out, as Camunda's own message
     * correlation leaves them out: a suspended journey's instance does not receive the message (delivering it threw
     * ENGINE-03043 and rolled back the whole event).
     */
    static final String WAITING_EXECUTIONS = "SELECT RES.* FROM ACT_RU_EXECUTION RES"
            + " INNER JOIN ACT_RU_EXECUTION INST ON RES.PROC_INST_ID_ = INST.ID_"
            + " WHERE INST.BUSINESS_KEY_ = #{businessKey} AND RES.TENANT_ID_ = #{tenant}"
            + " AND RES.SUSPENSION_STATE_ = 1"
            + " AND EXISTS (SELECT 1 FROM ACT_RU_EVENT_SUBSCR EVT WHERE EVT.EXECUTION_ID_ = RES.ID_"
            + " AND EVT.EVENT_TYPE_ = 'message' AND EVT.EVENT_NAME_ = #{message})"
            + " ORDER BY RES.ID_";
    /** The customer's running instances of a journey of the tenant (any version). */
    static final String RUNNING_INSTANCES = "SELECT count(*) FROM ACT_RU_EXECUTION RES"
            + " INNER JOIN ACT_RE_PROCDEF P ON RES.PROC_DEF_ID_ = P.ID_"
            + " WHERE RES.PARENT_ID_ IS NULL AND RES.BUSINESS_KEY_ = #{businessKey} AND RES.TENANT_ID_ = #{tenant}"
            + " AND P.KEY_ = #{key}";
    /** The customer's instances of a journey of the tenant, ever (history: running, completed, ended). */
    static final String EVER_ENTERED = "SELECT count(*) FROM ACT_HI_PROCINST RES"
            + " WHERE RES.BUSINESS_KEY_ = #{businessKey} AND RES.TENANT_ID_ = #{tenant}"
            + " AND RES.PROC_DEF_KEY_ = #{key}";

    private final TriggerRegistry registry;
    private final RuntimeService runtime;
    private final HistoryService history;
    private final DSLContext dsl;
    private final ApplicationEventPublisher events;
    private final ObjectMapper mapper;
    private final MessageBuffer buffer;
    private final StartFailures failures;
    /** Savepoints in the caller's transaction, rolling back the synchronizations of failed work too. */
    private final Savepoints savepoint;
    private final EventOrder order;
    private final Duration orderWindow;
    private final int orderLimit;

    JourneyTriggers(TriggerRegistry registry, RuntimeService runtime, HistoryService history, DSLContext dsl,
                    ApplicationEventPublisher events, ObjectMapper mapper, MessageBuffer buffer,
                    StartFailures failures, PlatformTransactionManager transactionManager, EventOrder order,
                    JourneyProperties properties) {
        this.order = order;
        this.orderWindow = properties.orderWindow();
        this.orderLimit = properties.orderLimit();
        this.registry = registry;
        this.runtime = runtime;
        this.history = history;
        this.dsl = dsl;
        this.events = events;
        this.mapper = mapper;
        this.buffer = buffer;
        this.failures = failures;
        this.savepoint = new Savepoints(transactionManager);
    }

    /**
     * Handles an event of the current tenant (the caller has restored it), after the customer's earlier accepted
     * events that no one has fed yet ({@link EventOrder}, within {@code genkend.journey.order-window} before it and
     * at most {@code order-limit} of them, oldest first), so that the journeys see one customer's events in the
     * order they were accepted whichever delivery runs first; the delivery of such an earlier event then finds it
     * processed and does nothing. An earlier event that fails (other than transiently) is rolled back to its
     * savepoint and left to its own delivery.
     *
     * @return whether it was handled now ({@code false} when it had been handled before)
     */
    @Transactional
    public boolean onEvent(Tenant tenant, UUID eventId, UUID customerId, String name,
                           Map<String, Object> properties, Instant occurredAt) {
        if (customerId == null || name == null) {
            return false;
        }
        String slug = tenant.camundaTenantId();
        if (!registry.listensTo(slug, name)) {
            log.trace("No journey of {} reacts to {}", slug, name);
            return false;
        }
        // the lock first: an earlier event's delivery waiting here has not yet written its processed row, so the
        // look-up below sees it as not fed (the other way round, both would wait for each other)
        lockCustomer(tenant, customerId);
        if (!orderWindow.isZero()) {
            for (EventAccepted earlier : order.earlier(tenant, eventId, customerId, registry.listened(slug),
                    orderWindow, orderLimit, id -> DSL.notExists(DSL.selectOne().from(JOURNEY_PROCESSED_EVENT)
                            .where(JOURNEY_PROCESSED_EVENT.TENANT_ID.eq(tenant.id()),
                                    JOURNEY_PROCESSED_EVENT.EVENT_ID.eq(id))))) {
                log.debug("Feeding event {} ({}) of customer {} first: it was accepted before {}", earlier.eventId(),
                        earlier.name(), customerId, eventId);
                try {
                    savepoint.run(() -> feed(tenant, earlier.eventId(), customerId, earlier.name(),
                            earlier.properties(), earlier.occurredAt()));
                } catch (RuntimeException e) {
                    rethrowTransient(e);
                    log.warn("Event {} ({}) of customer {}, accepted before {}, was not fed first; its own delivery"
                            + " will: {}", earlier.eventId(), earlier.name(), customerId, eventId,
                            StartFailures.message(e));
                }
            }
        }
        return feed(tenant, eventId, customerId, name, properties, occurredAt);
    }

    /**
     * Feeds one event under the customer's lock: records it as processed, then exits, waits and starts.
     *
     * @return whether it was fed now ({@code false} when it had been before)
     */
    private boolean feed(Tenant tenant, UUID eventId, UUID customerId, String name, Map<String, Object> properties,
                         Instant occurredAt) {
        int inserted = dsl.insertInto(JOURNEY_PROCESSED_EVENT).set(JOURNEY_PROCESSED_EVENT.TENANT_ID, tenant.id())
                .set(JOURNEY_PROCESSED_EVENT.EVENT_ID, eventId).onConflictDoNothing().execute();
        if (inserted == 0) {
            log.debug("Event {} was already fed to journeys", eventId);
            return false;
        }
        String slug = tenant.camundaTenantId();
        String businessKey = customerId.toString();
        Map<String, Object> variables = variables(properties);
        variables.put("eventName", name);
        variables.put("eventId", eventId.toString());
        variables.put("customerId", businessKey);
        if (occurredAt != null) {
            variables.put("occurredAt", Date.from(occurredAt));
        }

        for (String key : registry.exitsFor(slug, name)) {
            for (ProcessInstance instance : runtime.createProcessInstanceQuery().tenantIdIn(slug)
                    .processDefinitionKey(key).processInstanceBusinessKey(businessKey).list()) {
                try {
                    isolated(() -> {
                        runtime.deleteProcessInstance(instance.getId(), "converted: " + name, true, true);
                        dsl.insertInto(JOURNEY_CONVERSION).set(JOURNEY_CONVERSION.ID, UUID.randomUUID())
                                .set(JOURNEY_CONVERSION.TENANT_ID, tenant.id())
                                .set(JOURNEY_CONVERSION.JOURNEY_KEY, key)
                                .set(JOURNEY_CONVERSION.CUSTOMER_ID, customerId)
                                .set(JOURNEY_CONVERSION.PROCESS_INSTANCE_ID, instance.getId())
                                .set(JOURNEY_CONVERSION.EVENT_NAME, name)
                                .set(JOURNEY_CONVERSION.EVENT_ID, eventId).execute();
                        events.publishEvent(new JourneyConverted(tenant, customerId, key, instance.getId(), name,
                                Instant.now()));
                        return null;
                    });
                } catch (RuntimeException e) {
                    rethrowTransient(e);
                    log.warn("Instance {} of journey {} was not ended by its exit event {} ({}) of customer {}: {}",
                            instance.getId(), key, name, eventId, customerId, StartFailures.message(e));
                }
            }
        }

        String messageName = JourneyModel.EVENT + name;
        if (deliver(slug, businessKey, messageName, variables, true) == 0 && buffer.enabled()
                && registry.isCaught(slug, messageName)) {
            buffer.keep(tenant, customerId, messageName, eventId, variables);
            log.debug("Kept {} of customer {} until an instance waits for it", messageName, customerId);
        }

        for (TriggerRegistry.Trigger trigger : registry.startsFor(slug, name)) {
            if (!mayEnter(slug, trigger, businessKey)) {
                log.debug("Customer {} may not enter {} again ({})", customerId, trigger.key(), trigger.entryRule());
                continue;
            }
            try {
                start(tenant, trigger, customerId, name, eventId, variables);
            } catch (RuntimeException e) {
                rethrowTransient(e);
                failures.record(tenant, trigger, eventId, name, customerId, properties, occurredAt, e);
            }
        }
        return true;
    }

    /** The outcome of {@link #retryStart} for one start failure. */
    enum Retried {
        /** The journey started; the failure is resolved. */
        STARTED,
        /** The start failed again; the failure stays open with one more attempt. */
        FAILED_AGAIN,
        /** The entry rule keeps the customer out now; the failure is resolved without a start. */
        NOT_ENTERED,
        /** The journey's current version does not start on the event's name; the failure stays open. */
        NOT_TRIGGERED,
        /** The failure is resolved, erased or being retried by someone else: nothing was done. */
        GONE
    }

    /**
     * Feeds the event of an open start failure to the journey's current version again (tenant of the caller), in
     * one transaction under the customer's lock: the failure row is locked, the entry rule applies, and a start
     * resolves the row in the same transaction, so one event never starts the journey twice.
     *
     * @param key       the journey (its latest, active version; the caller checks that it is active)
     * @param failureId the failure
     * @return what happened
     * @throws RuntimeException a transient failure ({@link ConcurrencyRetry#isTransient}), for the caller to retry
     */
    @Transactional
    public Retried retryStart(Tenant tenant, String key, UUID failureId) {
        Optional<UUID> customer = failures.customerOfOpen(failureId);
        if (customer.isEmpty()) {
            return Retried.GONE;
        }
        lockCustomer(tenant, customer.get());
        Optional<StartFailures.Open> locked = failures.lockOpen(failureId);
        if (locked.isEmpty()) {
            return Retried.GONE;
        }
        StartFailures.Open failure = locked.get();
        String slug = tenant.camundaTenantId();
        String businessKey = failure.customerId().toString();
        Optional<TriggerRegistry.Trigger> current = registry.startsFor(slug, failure.eventName()).stream()
                .filter(t -> t.key().equals(key)).findFirst();
        if (current.isEmpty()) {
            return Retried.NOT_TRIGGERED;
        }
        TriggerRegistry.Trigger trigger = current.get();
        if (!mayEnter(slug, trigger, businessKey)) {
            failures.resolve(failureId, "not-entered", null);
            return Retried.NOT_ENTERED;
        }
        Map<String, Object> variables = variables(failure.properties());
        variables.put("eventName", failure.eventName());
        variables.put("eventId", failure.eventId().toString());
        variables.put("customerId", businessKey);
        if (failure.occurredAt() != null) {
            variables.put("occurredAt", Date.from(failure.occurredAt()));
        }
        try {
            String instanceId = start(tenant, trigger, failure.customerId(), failure.eventName(), failure.eventId(),
                    variables);
            failures.resolve(failureId, "started", instanceId);
            log.info("Journey {} (version {}) started for event {} ({}) of customer {} on retry", key,
                    trigger.version(), failure.eventName(), failure.eventId(), failure.customerId());
            return Retried.STARTED;
        } catch (RuntimeException e) {
            rethrowTransient(e);
            failures.record(tenant, trigger, failure.eventId(), failure.eventName(), failure.customerId(),
                    failure.properties(), failure.occurredAt(), e);
            return Retried.FAILED_AGAIN;
        }
    }

    /**
     * Starts one journey version for an event in a savepoint.
     *
     * @return the new instance's id
     */
    private String start(Tenant tenant, TriggerRegistry.Trigger trigger, UUID customerId, String name,
                         UUID eventId, Map<String, Object> variables) {
        return isolated(() -> {
            ProcessInstance instance = runtime.createMessageCorrelation(trigger.messageName())
                    .processDefinitionId(trigger.definitionId()).processInstanceBusinessKey(customerId.toString())
                    .setVariables(variables).correlateStartMessage();
            events.publishEvent(new JourneyEntered(tenant, customerId, trigger.key(), trigger.version(),
                    instance.getId(), name, eventId, Instant.now()));
            return instance.getId();
        });
    }

    /**
     * Runs {@code work} in a savepoint of the current transaction: when it throws, its writes (the engine's and
     * ours) are rolled back to the savepoint and the transaction is usable and committable again (Spring's
     * {@code rollbackToSavepoint} resets the rollback-only mark that the engine's failed command set); the engine
     * logs the failure at DEBUG only ({@link JourneyEnginePlugin.QuietRefusals#isolated}), and what the work
     * registered for the transaction's end is completed as rolled back at once ({@link Savepoints}: no after-commit
     * listener of its events runs, a frequency-cap count it took is given back; a tenant first set on the connection
     * inside it is set again by the next statement).
     */
    private <T> T isolated(Supplier<T> work) {
        return JourneyEnginePlugin.QuietRefusals.isolated(() -> savepoint.run(work));
    }

    private static void rethrowTransient(RuntimeException e) {
        if (ConcurrencyRetry.isTransient(e)) {
            throw e;
        }
    }

    /**
     * Correlates a message to the customer's waiting executions (intermediate catch events and receive tasks
     * named {@code messageName}) of the current tenant.
     *
     * @return how many executions received it
     */
    @Transactional
    public int correlateWaiting(String slug, String businessKey, String messageName, Map<String, Object> variables) {
        return deliver(slug, businessKey, messageName, variables, false);
    }

    /**
     * @param eachInSavepoint whether each delivery runs in its own savepoint, a failing one (other than transiently)
     *                 logged and skipped while the others go on
     * @return how many waiting executions were found (a delivery that failed counts: the message was for it)
     */
    private int deliver(String slug, String businessKey, String messageName, Map<String, Object> variables,
                        boolean eachInSavepoint) {
        List<Execution> waiting = runtime.createNativeExecutionQuery().sql(WAITING_EXECUTIONS)
                .parameter("businessKey", businessKey).parameter("tenant", slug)
                .parameter("message", messageName).list();
        for (Execution execution : waiting) {
            if (!eachInSavepoint) {
                runtime.messageEventReceived(messageName, execution.getId(), variables);
                continue;
            }
            try {
                isolated(() -> {
                    runtime.messageEventReceived(messageName, execution.getId(), variables);
                    return null;
                });
            } catch (RuntimeException e) {
                rethrowTransient(e);
                log.warn("Instance {} did not take {} of customer {}; it keeps waiting: {}",
                        execution.getProcessInstanceId(), messageName, businessKey, StartFailures.message(e));
            }
        }
        return waiting.size();
    }

    /**
     * Delivers the customer's oldest buffered {@code messageName} to their instances that now wait for it, and
     * deletes it once delivered (kept otherwise, for the next instance to reach the wait). Runs under the current
     * tenant, serialized with the customer's events.
     *
     * @return whether a buffered message was delivered
     */
    @Transactional
    public boolean deliverBuffered(Tenant tenant, UUID customerId, String messageName) {
        lockCustomer(tenant, customerId);
        return buffer.takeOldest(customerId, messageName).map(pending -> {
            int moved = correlateWaiting(tenant.camundaTenantId(), customerId.toString(), messageName,
                    new HashMap<>(pending.variables()));
            if (moved > 0) {
                buffer.delivered(pending.id());
                log.debug("Delivered the buffered {} of customer {} to {} waiting instance(s)", messageName,
                        customerId, moved);
            }
            return moved > 0;
        }).orElse(false);
    }

    private boolean mayEnter(String slug, TriggerRegistry.Trigger trigger, String businessKey) {
        if (trigger.entryRule() == EntryRule.ANY_TIME) {
            return true;
        }
        if (trigger.entryRule() == EntryRule.NO_REENTRY) {
            return history.createNativeHistoricProcessInstanceQuery().sql(EVER_ENTERED)
                    .parameter("businessKey", businessKey).parameter("tenant", slug)
                    .parameter("key", trigger.key()).count() == 0;
        }
        return runtime.createNativeProcessInstanceQuery().sql(RUNNING_INSTANCES)
                .parameter("businessKey", businessKey).parameter("tenant", slug)
                .parameter("key", trigger.key()).count() == 0;
    }

    private void lockCustomer(Tenant tenant, UUID customerId) {
        long key = tenant.id().getMostSignificantBits() ^ customerId.getLeastSignificantBits();
        dsl.select(DSL.function("pg_advisory_xact_lock", SQLDataType.OTHER, DSL.val(key))).fetch();
    }

    /**
     * @return event properties as process variables: strings, booleans and numbers as they are (decimals as
     *         doubles), nested objects and arrays as JSON strings (Java serialization is off in the engine)
     */
    Map<String, Object> variables(Map<String, Object> properties) {
        Map<String, Object> variables = new HashMap<>();
        if (properties == null) {
            return variables;
        }
        properties.forEach((name, value) -> variables.put(name, variableValue(value)));
        // only a test run started by the journeys API is a dry run, never a tenant's event that says so
        variables.remove(io.genkend.journey.StepExecution.DRY_RUN);
        return variables;
    }

    private Object variableValue(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double || value instanceof Short
                || value instanceof Date) {
            return value;
        }
        if (value instanceof BigDecimal || value instanceof Float) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof BigInteger big) {
            return big.longValue();
        }
        if (value instanceof Instant instant) {
            return Date.from(instant);
        }
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
