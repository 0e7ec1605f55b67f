package io.genkend.task;

/** A task is claimed by someone else. */
public class TaskConflictException extends RuntimeException {

    /** @param message what conflicts */
    public TaskConflictException(String message) {
        super(message);
    }
}
