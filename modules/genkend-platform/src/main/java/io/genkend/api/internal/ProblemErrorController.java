package io.genkend.api.internal;

import io.genkend.api.ProblemTypes;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.autoconfigure.web.servlet.error.BasicErrorController;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Boot's {@code /error} fallback (what the servlet container dispatches to after {@code sendError} or an
 * exception no handler answered): browsers keep the HTML error page ({@code templates/error.html}); every other
 * request gets an RFC 9457 {@code application/problem+json} document instead of Boot's
 * {@code {"timestamp", "status", "error", "path"}} map. It reveals no internals: a 5xx says only that it has been
 * logged. Replaces Boot's {@link BasicErrorController} bean (Boot backs off when an ErrorController exists).
 */
@Controller
class ProblemErrorController extends BasicErrorController {

    ProblemErrorController(ErrorAttributes errorAttributes, ServerProperties server,
                           ObjectProvider<ErrorViewResolver> resolvers) {
        super(errorAttributes, server.getError(), resolvers.orderedStream().toList());
    }

    @Override
    public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        HttpStatus status = getStatus(request);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", ProblemTypes.type(typeName(status)).toString());
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail(status, request));
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri != null) {
            body.put("instance", uri.toString());
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    private static String typeName(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "validation";
            case UNAUTHORIZED -> "unauthorized";
            case FORBIDDEN -> "forbidden";
            case NOT_FOUND -> "not-found";
            case PAYLOAD_TOO_LARGE -> "too-large";
            default -> status.is5xxServerError() ? "internal" : "error";
        };
    }

    private static String detail(HttpStatus status, HttpServletRequest request) {
        if (status.is5xxServerError()) {
            return "Something went wrong on our side; it has been logged.";
        }
        if (status == HttpStatus.NOT_FOUND) {
            Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
            return "There is nothing at " + (uri == null ? "this address" : uri) + ".";
        }
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        return message instanceof String text && !text.isBlank() ? text : status.getReasonPhrase() + ".";
    }
}
