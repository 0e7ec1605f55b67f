package io.genkend.task.internal;

import io.genkend.customer.ExportContributor;
import io.genkend.customer.TimelineContributor;
import io.genkend.customer.TimelineEntry;
import io.genkend.tenancy.TenantContext;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A customer's staff tasks as the customer module shows them: timeline entries of kind {@code task}, one when a
 * journey created the task (id = task id) and one when staff completed it (id = {@code <task id>:completed}), and
 * the export section {@code tasks}. Read from Camunda's task history by the tenant id and the business key.
 */
@Component
class TaskCustomerData implements TimelineContributor, ExportContributor {

    private final HistoryService history;

    TaskCustomerData(HistoryService history) {
        this.history = history;
    }

    @Override
    public List<TimelineEntry> entries(UUID customerId, Instant before, String beforeKey, int limit) {
        List<TimelineEntry> entries = new ArrayList<>();
        for (HistoricTaskInstance task : tasksOf(customerId)) {
            Map<String, Object> details = details(task);
            entries.add(new TimelineEntry(task.getStartTime().toInstant(), task.getId(), "task",
                    task.getName() + " created", details));
            if (task.getEndTime() != null && "completed".equals(task.getDeleteReason())) {
                entries.add(new TimelineEntry(task.getEndTime().toInstant(), task.getId() + ":completed", "task",
                        task.getName() + " completed", details));
            }
        }
        return entries.stream().filter(e -> before == null || e.isOlderThan(before, beforeKey))
                .sorted(Comparator.comparing(TimelineEntry::at).thenComparing(TimelineEntry::sortKey).reversed())
                .limit(limit).toList();
    }

    @Override
    public String section() {
        return "tasks";
    }

    @Override
    public Object export(UUID customerId) {
        return tasksOf(customerId).stream().map(TaskCustomerData::details).toList();
    }

    private List<HistoricTaskInstance> tasksOf(UUID customerId) {
        return history.createHistoricTaskInstanceQuery().tenantIdIn(TenantContext.require().camundaTenantId())
                .processInstanceBusinessKey(customerId.toString()).orderByHistoricActivityInstanceStartTime().asc()
                .list();
    }

    private static Map<String, Object> details(HistoricTaskInstance task) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("taskId", task.getId());
        details.put("name", task.getName());
        details.put("taskKey", task.getTaskDefinitionKey());
        details.put("journeyKey", task.getProcessDefinitionKey());
        details.put("processInstanceId", task.getProcessInstanceId());
        details.put("assignee", task.getAssignee());
        details.put("createdAt", task.getStartTime() == null ? null : task.getStartTime().toInstant());
        details.put("dueAt", task.getDueDate() == null ? null : task.getDueDate().toInstant());
        details.put("endedAt", task.getEndTime() == null ? null : task.getEndTime().toInstant());
        details.put("outcome", task.getDeleteReason());
        return details;
    }
}
