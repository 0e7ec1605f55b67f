package io.genkend.api.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.api.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.autoconfigure.web.servlet.MultipartProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a request body that is larger than the application takes, with 413 instead of a confusing answer further
 * on (the servlet container silently drops the fields of a form over its limit, so a page said "Not saved"):
 * <ul>
 *   <li>a form ({@code application/x-www-form-urlencoded}): {@code server.tomcat.max-http-form-post-size} (2 MB);
 *       a form sent without a length (chunked) is refused when Tomcat reports that its fields went over it;</li>
 *   <li>any other body (JSON, XML, multipart uploads): {@code spring.servlet.multipart.max-request-size} (5 MB),
 *       by the {@code Content-Length} header; a body sent without a length (chunked) by the bytes actually read
 *       ({@link CappedRequest}: reading past the limit fails, and nothing is stored). Endpoints with a smaller
 *       limit (the events API's 500 KB) keep it.</li>
 * </ul>
 * A browser's page gets the HTML error page (through {@code sendError}, like {@link ProblemErrorController}'s
 * other statuses); anything else an RFC 9457 problem of type {@code too-large}. Runs before Spring Security (whose
 * CSRF check would read the form first) and after Spring Session.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 60) // after Spring Session's filter (+50): the error page knows the user
class RequestSizeFilter extends OncePerRequestFilter {

    /** Tomcat's request attribute naming why it could not parse the parameters ({@code POST_TOO_LARGE}). */
    static final String PARSE_FAILED_REASON = "org.apache.catalina.parameter_parse_failed_reason";

    private static final DataSize DEFAULT_FORM = DataSize.ofMegabytes(2);
    private static final DataSize DEFAULT_BODY = DataSize.ofMegabytes(5);

    private final ObjectMapper mapper;
    private final long formLimit;
    private final long bodyLimit;

    RequestSizeFilter(ObjectMapper mapper, ObjectProvider<ServerProperties> server,
                      ObjectProvider<MultipartProperties> multipart) {
        this.mapper = mapper;
        ServerProperties serverProperties = server.getIfAvailable();
        DataSize form = serverProperties == null ? null : serverProperties.getTomcat().getMaxHttpFormPostSize();
        this.formLimit = (form == null || form.toBytes() < 0 ? DEFAULT_FORM : form).toBytes();
        MultipartProperties multipartProperties = multipart.getIfAvailable();
        DataSize body = multipartProperties == null ? null : multipartProperties.getMaxRequestSize();
        this.bodyLimit = (body == null || body.toBytes() < 0 ? DEFAULT_BODY : body).toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean form = isForm(request);
        long limit = form ? formLimit : bodyLimit;
        long length = request.getContentLengthLong();
        boolean tooLarge = length > limit;
        if (!tooLarge && form && length < 0) {
            request.getParameterMap(); // let the container parse the fields, then ask whether they fitted
            tooLarge = "POST_TOO_LARGE".equals(String.valueOf(request.getAttribute(PARSE_FAILED_REASON)));
        }
        if (!tooLarge) {
            // without a declared length (chunked), count what is read: over the limit, reading fails with
            // BodyTooLargeException, which ProblemHandler answers with 413 before anything is stored
            chain.doFilter(!form && length < 0 ? new CappedRequest(request, limit) : request, response);
            return;
        }
        String detail = detail(limit, form);
        if (ProblemHandler.isBrowserPage(request)) {
            response.sendError(HttpStatus.PAYLOAD_TOO_LARGE.value(), detail);
            return;
        }
        response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        mapper.writeValue(response.getOutputStream(), problem(detail, request));
    }

    private static String detail(long limit, boolean form) {
        return "The request body is larger than " + limit + " bytes, the most this "
                + (form ? "form" : "request") + " may carry.";
    }

    /** @return the {@code too-large} problem (413) with this detail, for this request */
    static ProblemDetail problem(String detail, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE, detail);
        problem.setType(ProblemTypes.type("too-large"));
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        return problem;
    }

    /**
     * Reading a body past its limit: thrown by the capped stream once more than {@code limit} bytes have been read
     * (the bytes beyond are not read), and answered 413 {@code too-large} by {@link ProblemHandler}, also when a
     * message converter wraps it.
     */
    static final class BodyTooLargeException extends IOException {

        BodyTooLargeException(long limit) {
            super(detail(limit, false));
        }
    }

    /** A request whose body (stream or reader) fails with {@link BodyTooLargeException} past {@code limit} bytes. */
    static final class CappedRequest extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;
        private BufferedReader reader;

        CappedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (reader != null) {
                throw new IllegalStateException("getReader() has already been called for this request");
            }
            if (stream == null) {
                stream = new CappedStream(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (stream != null) {
                throw new IllegalStateException("getInputStream() has already been called for this request");
            }
            if (reader == null) {
                String encoding = getCharacterEncoding();
                reader = new BufferedReader(new InputStreamReader(new CappedStream(super.getInputStream(), limit),
                        encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
            }
            return reader;
        }
    }

    /** Counts the bytes read and fails once they pass the limit. */
    private static final class CappedStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        CappedStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        private void count(long n) throws BodyTooLargeException {
            if (n > 0) {
                read += n;
                if (read > limit) {
                    throw new BodyTooLargeException(limit);
                }
            }
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            // never ask for more than one byte past the limit
            int n = in.read(buffer, offset, (int) Math.min(length, Math.max(1, limit - read + 1)));
            count(n);
            return n;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static boolean isForm(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT)
                .startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE);
    }
}
