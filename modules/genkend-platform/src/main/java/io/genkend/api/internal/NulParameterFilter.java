package io.genkend.api.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.api.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Refuses, with 400, every request whose parameters (query string or form fields, names or values) contain the
 * NUL character U+0000: PostgreSQL's {@code text} cannot hold it, so a search or lookup with it would fail as a
 * 500. A browser's page gets the HTML error page (through {@code sendError}); anything else an RFC 9457 problem of
 * type {@code validation} naming the parameter. Runs after Spring Security (default filter order).
 */
@Component
class NulParameterFilter extends OncePerRequestFilter {

    private final ObjectMapper mapper;

    NulParameterFilter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String offending = offendingParameter(request);
        if (offending == null) {
            chain.doFilter(request, response);
            return;
        }
        String detail = "The parameter '" + offending.replace("\u0000", "\\u0000")
                + "' contains the NUL character (U+0000), which no value may contain.";
        if (ProblemHandler.isBrowserPage(request)) {
            response.sendError(HttpStatus.BAD_REQUEST.value(), detail);
            return;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setType(ProblemTypes.type("validation"));
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        problem.setProperty("errors", List.of(Map.of("field", offending,
                "message", "contains the NUL character (U+0000)")));
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        mapper.writeValue(response.getOutputStream(), problem);
    }

    /** @return the first parameter whose name or a value contains U+0000, or {@code null} */
    private static String offendingParameter(HttpServletRequest request) {
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            if (parameter.getKey().indexOf('\u0000') >= 0) {
                return parameter.getKey();
            }
            for (String value : parameter.getValue()) {
                if (value != null && value.indexOf('\u0000') >= 0) {
                    return parameter.getKey();
                }
            }
        }
        return null;
    }
}
