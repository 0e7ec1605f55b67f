package io.genkend.task;

/** The current tenant has no such open task. */
public class TaskNotFoundException extends RuntimeException {

    /** @param taskId the task looked for */
    public TaskNotFoundException(String taskId) {
        super("Task '" + taskId + "' not found");
    }
}
