package io.genkend.task;

import java.util.List;
import java.util.Map;

/** Completing a task failed its form: the offending fields, each with {@code field} and {@code message}. */
public class TaskFormInvalidException extends RuntimeException {

    private final transient List<Map<String, String>> errors;

    /**
     * @param message a sentence
     * @param errors  one entry per field
     */
    public TaskFormInvalidException(String message, List<Map<String, String>> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    /** @return the offending fields */
    public List<Map<String, String>> errors() {
        return errors;
    }
}
