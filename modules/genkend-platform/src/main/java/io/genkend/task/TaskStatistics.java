package io.genkend.task;

/** Read-only counts of the current tenant's staff tasks (Camunda user tasks), for reports. */
public interface TaskStatistics {

    /** @return tasks created so far, and how many of them are still open */
    TaskCounts counts();

    /**
     * @param created every task ever created for the tenant (Camunda history, until history cleanup)
     * @param open    of those, the ones not completed or deleted yet
     */
    record TaskCounts(long created, long open) {
    }
}
