package io.genkend.journey.internal;

import io.genkend.customer.ExportContributor;
import io.genkend.customer.TimelineContributor;
import io.genkend.customer.TimelineEntry;
import io.genkend.tenancy.TenantContext;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A customer's journeys as the customer module shows them: timeline entries of kind {@code journey-step} (each
 * step an instance of the customer reached: tasks, waits, timers, start and end events; gateways are left out),
 * and the export section {@code journeys} (every instance with its steps and variables). Read from Camunda's
 * history, by the tenant id and the business key (the customer's profile id).
 */
@Component
class JourneyCustomerData implements TimelineContributor, ExportContributor {

    private static final Set<String> NOT_STEPS = Set.of("exclusiveGateway", "parallelGateway", "inclusiveGateway",
            "eventBasedGateway", "complexGateway", "multiInstanceBody");

    private final HistoryService history;

    JourneyCustomerData(HistoryService history) {
        this.history = history;
    }

    @Override
    public List<TimelineEntry> entries(UUID customerId, Instant before, String beforeKey, int limit) {
        List<TimelineEntry> entries = new ArrayList<>();
        for (HistoricProcessInstance instance : instancesOf(customerId)) {
            for (HistoricActivityInstance step : stepsOf(instance.getId())) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("journeyKey", instance.getProcessDefinitionKey());
                details.put("processInstanceId", instance.getId());
                details.put("activityId", step.getActivityId());
                details.put("activityType", step.getActivityType());
                details.put("endedAt", step.getEndTime() == null ? null : step.getEndTime().toInstant());
                String name = step.getActivityName() != null ? step.getActivityName() : step.getActivityId();
                TimelineEntry entry = new TimelineEntry(step.getStartTime().toInstant(), step.getId(),
                        "journey-step", instance.getProcessDefinitionKey() + ": " + name, details);
                if (before == null || entry.isOlderThan(before, beforeKey)) {
                    entries.add(entry);
                }
            }
        }
        entries.sort(Comparator.comparing(TimelineEntry::at).thenComparing(TimelineEntry::sortKey).reversed());
        return entries.subList(0, Math.min(limit, entries.size()));
    }

    @Override
    public String section() {
        return "journeys";
    }

    @Override
    public Object export(UUID customerId) {
        List<Map<String, Object>> instances = new ArrayList<>();
        for (HistoricProcessInstance instance : instancesOf(customerId)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("processInstanceId", instance.getId());
            body.put("journeyKey", instance.getProcessDefinitionKey());
            body.put("version", instance.getProcessDefinitionVersion());
            body.put("state", instance.getState());
            body.put("startedAt", instance.getStartTime() == null ? null : instance.getStartTime().toInstant());
            body.put("endedAt", instance.getEndTime() == null ? null : instance.getEndTime().toInstant());
            body.put("steps", stepsOf(instance.getId()).stream().map(step -> {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("activityId", step.getActivityId());
                s.put("activityName", step.getActivityName());
                s.put("startedAt", step.getStartTime().toInstant());
                s.put("endedAt", step.getEndTime() == null ? null : step.getEndTime().toInstant());
                return s;
            }).toList());
            Map<String, Object> variables = new LinkedHashMap<>();
            history.createHistoricVariableInstanceQuery().processInstanceId(instance.getId()).list()
                    .forEach(v -> variables.put(v.getName(), plain(v.getValue())));
            body.put("variables", variables);
            instances.add(body);
        }
        return instances;
    }

    private List<HistoricProcessInstance> instancesOf(UUID customerId) {
        return history.createHistoricProcessInstanceQuery()
                .tenantIdIn(TenantContext.require().camundaTenantId())
                .processInstanceBusinessKey(customerId.toString()).orderByProcessInstanceStartTime().asc().list();
    }

    private List<HistoricActivityInstance> stepsOf(String processInstanceId) {
        return history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
                .orderByHistoricActivityInstanceStartTime().asc().list().stream()
                .filter(a -> !NOT_STEPS.contains(a.getActivityType())).toList();
    }

    private static Object plain(Object value) {
        return value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                ? value : String.valueOf(value);
    }
}
