package io.genkend.journey.internal;

import io.genkend.customer.ErasureParticipant;
import io.genkend.tenancy.TenantContext;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.UUID;

import static io.genkend.schema.Tables.JOURNEY_CONVERSION;
import static io.genkend.schema.Tables.JOURNEY_PENDING_MESSAGE;

/**
 * Erases a customer from the journeys (GDPR Art. 17): their running instances (with their tasks and variables),
 * their instances' history, their conversions, their buffered messages and their start failures (with the events'
 * properties kept for a retry). Instances are found by business key within the current
 * tenant.
 */
@Component
class JourneyErasure implements ErasureParticipant {

    private final RuntimeService runtime;
    private final HistoryService history;
    private final DSLContext dsl;
    private final StartFailures failures;

    JourneyErasure(RuntimeService runtime, HistoryService history, DSLContext dsl, StartFailures failures) {
        this.runtime = runtime;
        this.history = history;
        this.dsl = dsl;
        this.failures = failures;
    }

    @Override
    public void erase(UUID customerId) {
        String slug = TenantContext.require().camundaTenantId();
        String businessKey = customerId.toString();
        List<String> running = runtime.createProcessInstanceQuery().tenantIdIn(slug)
                .processInstanceBusinessKey(businessKey).list().stream().map(ProcessInstance::getId).toList();
        if (!running.isEmpty()) {
            runtime.deleteProcessInstances(running, "customer erased", true, true);
        }
        List<String> ended = history.createHistoricProcessInstanceQuery().tenantIdIn(slug)
                .processInstanceBusinessKey(businessKey).list().stream().map(HistoricProcessInstance::getId)
                .toList();
        if (!ended.isEmpty()) {
            history.deleteHistoricProcessInstancesIfExists(ended);
        }
        dsl.deleteFrom(JOURNEY_CONVERSION).where(JOURNEY_CONVERSION.CUSTOMER_ID.eq(customerId)).execute();
        dsl.deleteFrom(JOURNEY_PENDING_MESSAGE).where(JOURNEY_PENDING_MESSAGE.CUSTOMER_ID.eq(customerId)).execute();
        failures.erase(customerId);
    }
}
