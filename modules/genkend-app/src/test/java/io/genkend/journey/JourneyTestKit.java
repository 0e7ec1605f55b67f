package io.genkend.journey;

import io.genkend.event.EventAccepted;
import io.genkend.outreach.OfferResponded;
import io.genkend.tenancy.Tenant;
import io.genkend.tenancy.TenantContext;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.io.ClassPathResource;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * What journey tests do over and over, on the shared context's engine (PostgreSQL): deploy a pack model for a
 * tenant, start a journey as its trigger would, publish the events other modules publish, wait for the job
 * executor to move an instance, and fire a timer.
 */
final class JourneyTestKit {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ProcessEngine engine;
    private final Journeys journeys;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Tenant tenant;

    JourneyTestKit(ProcessEngine engine, Journeys journeys, ApplicationEventPublisher events,
                   TransactionTemplate transactions, Tenant tenant) {
        this.engine = engine;
        this.journeys = journeys;
        this.events = events;
        this.transactions = transactions;
        this.tenant = tenant;
    }

    /** Deploys classpath models for the tenant. */
    JourneyTestKit deploy(String... locations) {
        TenantContext.runAs(tenant, () -> {
            for (String location : locations) {
                try (InputStream in = new ClassPathResource(location).getInputStream()) {
                    journeys.deploy(location.substring(location.lastIndexOf('/') + 1), in.readAllBytes());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        return this;
    }

    /**
     * Starts a journey as its trigger does (message start event, business key = customer), as a test run: the
     * step library records what it would do, and the variables the steps would set are given here.
     */
    ProcessInstance start(String eventName, UUID customer, Map<String, Object> variables) {
        Map<String, Object> all = new HashMap<>(variables);
        all.put(StepExecution.DRY_RUN, true);
        all.put("customerId", customer.toString());
        return runtime().createMessageCorrelation("event:" + eventName).tenantId(tenant.camundaTenantId())
                .processInstanceBusinessKey(customer.toString()).setVariables(all).correlateStartMessage();
    }

    /** Publishes {@link EventAccepted} after commit, as the event module does. */
    UUID publishEvent(UUID customer, String name, Map<String, Object> properties) {
        UUID eventId = UUID.randomUUID();
        publishEvent(eventId, customer, name, properties);
        return eventId;
    }

    void publishEvent(UUID eventId, UUID customer, String name, Map<String, Object> properties) {
        transactions.executeWithoutResult(status -> events.publishEvent(new EventAccepted(tenant, eventId, customer,
                name, properties, Instant.now())));
    }

    /** Publishes {@link OfferResponded} after commit, as the outreach module does. */
    void respond(UUID customer, String offerCode, String response) {
        transactions.executeWithoutResult(status -> events.publishEvent(new OfferResponded(tenant, customer,
                offerCode, response, UUID.randomUUID(), Instant.now())));
    }

    /** Waits until the instance waits at (or executes) {@code activityId}. */
    void awaitAt(ProcessInstance instance, String activityId) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() ->
                runtime().getActiveActivityIds(instance.getId()).contains(activityId));
    }

    /** Waits until the instance has ended. */
    void awaitEnded(ProcessInstance instance) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() ->
                runtime().createProcessInstanceQuery().processInstanceId(instance.getId()).count() == 0);
    }

    /** Fires the timer at {@code activityId} now (waiting for it first). */
    void fireTimer(ProcessInstance instance, String activityId) {
        ManagementService management = engine.getManagementService();
        await().atMost(PATIENCE).until(() -> management.createJobQuery().processInstanceId(instance.getId())
                .activityId(activityId).timers().count() == 1);
        Job timer = management.createJobQuery().processInstanceId(instance.getId()).activityId(activityId).timers()
                .singleResult();
        management.executeJob(timer.getId());
    }

    /** Completes the instance's open task {@code taskKey} through the task inbox, with form values. */
    void completeTask(io.genkend.task.Tasks tasks, ProcessInstance instance, String taskKey, Map<String, Object> values) {
        awaitAt(instance, taskKey);
        TenantContext.runAs(tenant, () -> {
            var task = tasks.list(new io.genkend.task.Tasks.TaskFilter(java.util.Set.of(), null, false)).stream()
                    .filter(t -> t.processInstanceId().equals(instance.getId()) && t.taskKey().equals(taskKey))
                    .findFirst().orElseThrow();
            tasks.complete(task.id(), values);
        });
    }

    /** Answers a fulfilment request as the tenant system's callback would (the token is in {@code tokenVariable}). */
    void callback(ProcessInstance instance, String tokenVariable, Map<String, Object> body) {
        String token = (String) variable(instance, tokenVariable);
        Map<String, Object> variables = new HashMap<>();
        body.forEach((k, v) -> variables.put("callback" + Character.toUpperCase(k.charAt(0)) + k.substring(1), v));
        runtime().createMessageCorrelation("callback:" + token).tenantId(tenant.camundaTenantId())
                .setVariables(variables).correlate();
    }

    /** @return a process variable */
    Object variable(ProcessInstance instance, String name) {
        return runtime().getVariable(instance.getId(), name);
    }

    /** @return a variable of an instance that may have ended (from history) */
    Object engineHistoryVariable(ProcessInstance instance, String name) {
        var variable = engine.getHistoryService().createHistoricVariableInstanceQuery()
                .processInstanceId(instance.getId()).variableName(name).singleResult();
        return variable == null ? null : variable.getValue();
    }

    RuntimeService runtime() {
        return engine.getRuntimeService();
    }

    Tenant tenant() {
        return tenant;
    }
}
