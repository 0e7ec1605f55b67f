package io.genkend.webhook.internal;

import io.genkend.task.TaskCompleted;
import io.genkend.task.TaskCreated;
import io.genkend.tenancy.TenantContext;
import io.genkend.webhook.WebhookEventTypes;
import io.genkend.webhook.WebhookOutbox;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells the tenant's systems about staff tasks: {@code task.created} and {@code task.completed} webhooks, with
 * {@code customerId}, queued after the task's transaction commits (kept in the event publication registry until
 * queued), under the event's tenant.
 */
@Component
class TaskWebhooks {

    private final WebhookOutbox outbox;

    TaskWebhooks(WebhookOutbox outbox) {
        this.outbox = outbox;
    }

    @ApplicationModuleListener
    void on(TaskCreated created) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("customerId", created.customerId());
        data.put("taskId", created.taskId());
        data.put("name", created.name());
        data.put("taskKey", created.taskKey());
        data.put("candidateGroups", created.candidateGroups());
        data.put("journey", created.journeyKey());
        data.put("processInstanceId", created.processInstanceId());
        data.put("dueAt", created.dueAt() == null ? null : created.dueAt().toString());
        data.put("createdAt", created.at().toString());
        TenantContext.runAs(created.tenant(), () -> outbox.enqueue(WebhookEventTypes.TASK_CREATED, data));
    }

    @ApplicationModuleListener
    void on(TaskCompleted completed) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("customerId", completed.customerId());
        data.put("taskId", completed.taskId());
        data.put("name", completed.name());
        data.put("taskKey", completed.taskKey());
        data.put("assignee", completed.assignee());
        data.put("journey", completed.journeyKey());
        data.put("processInstanceId", completed.processInstanceId());
        data.put("completedAt", completed.at().toString());
        TenantContext.runAs(completed.tenant(), () -> outbox.enqueue(WebhookEventTypes.TASK_COMPLETED, data));
    }
}
