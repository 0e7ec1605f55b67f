package io.genkend.api;

import java.util.List;
import java.util.Map;

/**
 * Input was refused because fields are invalid, and nothing was written. An /api request answers it as a 400
 * {@code validation} problem (RFC 9457) whose {@code errors} are these; a page shows each error next to its field.
 * Modules subclass it to name what was refused (an offer, contact-policy settings, a task form).
 */
public class FieldErrorsException extends RuntimeException {

    private final transient List<Map<String, String>> errors;

    /**
     * @param message a sentence for people (the problem's {@code detail})
     * @param errors  one entry per field: {@code field} (a dotted path of the input) and {@code message} (English)
     */
    public FieldErrorsException(String message, List<Map<String, String>> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    /** @return the field errors, each with {@code field} and {@code message} */
    public List<Map<String, String>> errors() {
        return errors;
    }
}
