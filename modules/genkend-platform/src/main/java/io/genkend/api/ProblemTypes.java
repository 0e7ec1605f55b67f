package io.genkend.api;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Stable problem {@code type} URIs (RFC 9457 section 3.1.1) and a factory for problem exceptions. The URIs are
 * identifiers; {@code https://genkend.io/problems/<name>} need not resolve.
 */
public final class ProblemTypes {

    /** Base of every problem type URI. */
    public static final String BASE = "https://genkend.io/problems/";

    private ProblemTypes() {
    }

    /** @return the type URI for {@code name}, such as {@code not-found} or {@code validation} */
    public static URI type(String name) {
        return URI.create(BASE + name);
    }

    /**
     * An exception that Spring MVC answers as the given problem.
     *
     * @param status HTTP status
     * @param name   problem type name (the last path segment of the type URI)
     * @param detail a sentence for people
     * @return the exception, to throw
     */
    public static ErrorResponseException problem(HttpStatusCode status, String name, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(name));
        return new ErrorResponseException(status, problem, null);
    }

    /**
     * A 400 validation problem listing the offending fields.
     *
     * @param detail a sentence for people
     * @param errors one entry per field: {@code field} (a JSON pointer or dotted path) and {@code message}
     * @return the exception, to throw
     */
    public static ErrorResponseException validation(String detail, List<Map<String, String>> errors) {
        ErrorResponseException exception = problem(org.springframework.http.HttpStatus.BAD_REQUEST, "validation",
                detail);
        exception.getBody().setProperty("errors", errors);
        return exception;
    }

    /**
     * A 400 validation problem for a JSON body that Jackson could not bind: the field is the JSON path of the
     * offending value ({@code value}, {@code channels[0]}, {@code caps.EMAIL.DAY}), the message says what was wrong
     * (wrong type, not one of the allowed values, out of range, unknown property).
     *
     * @param e Jackson's exception; broken JSON (a syntax error, the end of input) gives the {@code malformed}
     *          problem instead
     * @return the exception, to throw
     */
    public static ErrorResponseException json(com.fasterxml.jackson.databind.JsonMappingException e) {
        String field = path(e);
        boolean bound = e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException
                || e.getCause() instanceof com.fasterxml.jackson.core.exc.InputCoercionException;
        if (field.isEmpty() || !bound) { // broken JSON (end of input, a syntax error) inside a field
            return problem(org.springframework.http.HttpStatus.BAD_REQUEST, "malformed",
                    "The body is not valid JSON of the expected shape.");
        }
        String message;
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException) {
            message = "unknown property";
        } else if (e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException f
                && f.getTargetType() != null && f.getTargetType().isEnum()) {
            message = "must be one of " + java.util.Arrays.toString(f.getTargetType().getEnumConstants());
        } else if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m
                && m.getTargetType() != null) {
            message = "must be " + describe(m.getTargetType());
        } else if (e.getCause() instanceof com.fasterxml.jackson.core.exc.InputCoercionException c
                && c.getTargetType() != null) {
            message = "out of range for " + describe(c.getTargetType());
        } else {
            message = "wrong type or format";
        }
        return validation("'" + field + "' is not valid: " + message + ".",
                List.of(Map.of("field", field, "message", message)));
    }

    private static String path(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class) {
            return "a number";
        }
        if (type == java.time.Instant.class) {
            return "an instant such as 2027-01-01T00:00:00Z";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "of type " + type.getSimpleName();
    }
}
