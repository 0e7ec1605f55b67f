package io.genkend.task.internal;

import io.genkend.task.TaskStatistics;
import io.genkend.tenancy.TenantContext;
import org.camunda.bpm.engine.HistoryService;
import org.springframework.stereotype.Service;

/** {@link TaskStatistics} on Camunda's task history, scoped by the current tenant's Camunda tenant id. */
@Service
class TaskCountsQuery implements TaskStatistics {

    private final HistoryService history;

    TaskCountsQuery(HistoryService history) {
        this.history = history;
    }

    @Override
    public TaskCounts counts() {
        String tenant = TenantContext.require().camundaTenantId();
        long created = history.createHistoricTaskInstanceQuery().tenantIdIn(tenant).count();
        long open = history.createHistoricTaskInstanceQuery().tenantIdIn(tenant).unfinished().count();
        return new TaskCounts(created, open);
    }
}
