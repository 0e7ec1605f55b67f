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
}
