package io.genkend.api.internal;

import io.genkend.api.FieldErrorsException;
import io.genkend.api.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.List;
import java.util.Map;

/**
 * Answers every error of the REST API as RFC 9457 {@code application/problem+json} with a stable {@code type}:
 * Spring MVC's own exceptions (415, 405, 406, 404 of unknown paths) through {@link ResponseEntityExceptionHandler},
 * validation with the offending fields, and anything unexpected as a 500 that reveals no internals.
 *
 * <p>A browser's page request (a path outside {@code /api/} and {@code /hooks/} whose {@code Accept} names
 * {@code text/html}) gets the HTML error page instead ({@code templates/error.html}, through the servlet
 * container's error dispatch to Boot's {@code /error}), with the same status.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    /**
     * Every problem of {@link ResponseEntityExceptionHandler} passes here: for a browser page, the status goes to
     * the servlet container's error page instead of a problem document.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        if (request instanceof ServletWebRequest servlet && isBrowserPage(servlet.getRequest())
                && servlet.getResponse() != null && !servlet.getResponse().isCommitted()) {
            try {
                headers.forEach((name, values) -> values.forEach(v -> servlet.getResponse().addHeader(name, v)));
                servlet.getResponse().sendError(statusCode.value());
                return null;
            } catch (java.io.IOException e) {
                log.debug("Could not send the error page", e);
            }
        }
        if (body == null && ex instanceof org.springframework.web.ErrorResponse response) {
            body = response.getBody();
        }
        if (body instanceof ProblemDetail problem
                && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(ProblemTypes.type(typeFor(statusCode.value())));
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    /**
     * @return the Genkend problem type of a Spring MVC problem that came without one ({@code about:blank}: a
     *         missing parameter or part, an unsupported media type, a method not allowed, ...), by its status
     */
    static String typeFor(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "too-large";
            case 415 -> "unsupported-media-type";
            case 503 -> "unavailable";
            default -> "http-" + status;
        };
    }

    /** @return whether the request is a browser's page: not the API or inbound webhooks, and asks for HTML */
    static boolean isBrowserPage(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/api/") || path.startsWith("/hooks/")) {
            return false;
        }
        try {
            return MediaType.parseMediaTypes(java.util.Collections.list(request.getHeaders(HttpHeaders.ACCEPT)))
                    .stream()
                    .anyMatch(type -> type.getQualityValue() > 0 && MediaType.TEXT_HTML.equalsTypeAndSubtype(type));
        } catch (org.springframework.http.InvalidMediaTypeException e) {
            return false;
        }
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request has invalid fields.");
        problem.setType(ProblemTypes.type("validation"));
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(e -> Map.of("field", e.getField(),
                        "message", e.getDefaultMessage() == null ? "invalid" : e.getDefaultMessage()))
                .toList();
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        RequestSizeFilter.BodyTooLargeException tooLarge = tooLarge(ex);
        if (tooLarge != null) {
            return handleExceptionInternal(ex, tooLargeProblem(tooLarge, request), headers,
                    HttpStatus.PAYLOAD_TOO_LARGE, request);
        }
        // a value of the wrong type, an unknown enum constant, a number out of range: name the field
        if (ex.getCause() instanceof com.fasterxml.jackson.databind.JsonMappingException mapping) {
            ProblemDetail problem = ProblemTypes.json(mapping).getBody();
            return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
        }
        // Spring's message for a required body that is absent or empty (RequestResponseBodyMethodProcessor)
        boolean empty = ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing");
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, empty
                ? "The body is empty." : "The body is not valid JSON of the expected shape.");
        problem.setType(ProblemTypes.type("malformed"));
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(
            org.springframework.web.servlet.resource.NoResourceFoundException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "There is nothing at /" + ex.getResourcePath() + ".");
        problem.setType(ProblemTypes.type("not-found"));
        return handleExceptionInternal(ex, problem, headers, HttpStatus.NOT_FOUND, request);
    }

    /**
     * A chunked body read past its limit by code that reads the stream itself ({@link RequestSizeFilter}):
     * 413 {@code too-large}, or the error page for a browser's page.
     */
    @ExceptionHandler(RequestSizeFilter.BodyTooLargeException.class)
    ResponseEntity<Object> bodyTooLarge(RequestSizeFilter.BodyTooLargeException ex, WebRequest request) {
        return handleExceptionInternal(ex, tooLargeProblem(ex, request), new HttpHeaders(),
                HttpStatus.PAYLOAD_TOO_LARGE, request);
    }

    private static ProblemDetail tooLargeProblem(RequestSizeFilter.BodyTooLargeException ex, WebRequest request) {
        return RequestSizeFilter.problem(ex.getMessage(), ((ServletWebRequest) request).getRequest());
    }

    /** @return the {@link RequestSizeFilter.BodyTooLargeException} among the causes, or {@code null} */
    private static RequestSizeFilter.BodyTooLargeException tooLarge(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestSizeFilter.BodyTooLargeException tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException ex, HttpServletRequest request) {
        if (isBrowserPage(request)) {
            throw ex; // Spring's DefaultHandlerExceptionResolver sends 400 to the HTML error page
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "'" + ex.getName() + "' has the wrong type.");
        problem.setType(ProblemTypes.type("validation"));
        problem.setProperty("errors", List.of(Map.of("field", ex.getName(), "message", "wrong type")));
        return problem;
    }

    /**
     * A multipart body that cannot be read (no boundary, a part without its end, garbage under a multipart content
     * type; Spring's {@code MultipartException} from the servlet container's parser): 400 {@code malformed}, or the
     * HTML error page for a browser's page. Over-large uploads are 413 ({@code MaxUploadSizeExceededException}, a
     * closer match handled by the base class).
     */
    @ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
    ProblemDetail unreadableMultipart(org.springframework.web.multipart.MultipartException ex,
                                      HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response)
            throws java.io.IOException {
        log.info("Unreadable multipart body on {} {}: {}", request.getMethod(), request.getRequestURI(),
                ex.getMessage());
        if (isBrowserPage(request)) {
            response.sendError(HttpStatus.BAD_REQUEST.value());
            return null;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The multipart body could not be read: send multipart/form-data with its boundary and complete parts.");
        problem.setType(ProblemTypes.type("malformed"));
        return problem;
    }

    /** Refused input of any module ({@link FieldErrorsException}): 400 {@code validation} with its field errors. */
    @ExceptionHandler(FieldErrorsException.class)
    ProblemDetail fieldErrors(FieldErrorsException ex, HttpServletRequest request) {
        if (isBrowserPage(request)) {
            throw ex; // pages show these next to their fields; one that escapes gets the HTML error page
        }
        return ProblemTypes.validation(ex.getMessage(), ex.errors()).getBody();
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception ex, HttpServletRequest request) throws Exception {
        // Security exceptions belong to the filter chain; UI pages keep Boot's error page.
        if (ex instanceof org.springframework.security.access.AccessDeniedException
                || ex instanceof org.springframework.security.core.AuthenticationException
                || !(request.getRequestURI().startsWith("/api/") || request.getRequestURI().startsWith("/hooks/"))) {
            throw ex;
        }
        log.error("Unexpected error", ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side; it has been logged.");
        problem.setType(ProblemTypes.type("internal"));
        return problem;
    }
}
