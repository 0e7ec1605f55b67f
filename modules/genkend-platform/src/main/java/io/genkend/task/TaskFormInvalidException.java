package io.genkend.task;

import io.genkend.api.FieldErrorsException;

import java.util.List;
import java.util.Map;

/** Completing a task failed its form: the offending fields, each with {@code field} and {@code message}. */
public class TaskFormInvalidException extends FieldErrorsException {

    /**
     * @param message a sentence
     * @param errors  one entry per field
     */
    public TaskFormInvalidException(String message, List<Map<String, String>> errors) {
        super(message, errors);
    }
}
