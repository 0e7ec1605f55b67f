package io.genkend.event.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genkend.api.ProblemTypes;
import io.genkend.tenancy.Tenant;
import io.genkend.tenancy.TenantContext;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/events}: Segment Spec calls (one, an array, or {@code {"batch": [...]}}) and CloudEvents
 * (structured {@code application/cloudevents+json}, batch {@code application/cloudevents-batch+json}). Answers
 * {@code 202} once stored; see docs/events.md for shapes, limits and deduplication.
 */
@RestController
class EventController {

    static final String CLOUDEVENTS = "application/cloudevents+json";
    static final String CLOUDEVENTS_BATCH = "application/cloudevents-batch+json";

    private final EventParser parser;
    private final EventIngestion ingestion;
    private final EventRateLimiter limiter;
    private final EventProperties properties;

    EventController(EventParser parser, EventIngestion ingestion, EventRateLimiter limiter,
                    EventProperties properties) {
        this.parser = parser;
        this.ingestion = ingestion;
        this.limiter = limiter;
        this.properties = properties;
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "Send events (Segment Spec or CloudEvents)",
            description = "Stores each event before answering 202 with its id; batches answer per item. "
                    + "Deduplicates on Segment messageId or CloudEvents source+id for 30 days (a reused key with "
                    + "another body is 409). Limits: 32 KB per event, 500 KB per body (413). See docs/events.md.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @io.swagger.v3.oas.annotations.media.Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @io.swagger.v3.oas.annotations.media.Schema(type = "object",
                                    description = "A Segment call, {\"batch\": [calls]}, an array, or a CloudEvent")),
                    @io.swagger.v3.oas.annotations.media.Content(mediaType = CLOUDEVENTS,
                            schema = @io.swagger.v3.oas.annotations.media.Schema(type = "object")),
                    @io.swagger.v3.oas.annotations.media.Content(mediaType = CLOUDEVENTS_BATCH,
                            schema = @io.swagger.v3.oas.annotations.media.Schema(type = "array"))}))
    @PostMapping(path = "/api/v1/events", consumes = {MediaType.APPLICATION_JSON_VALUE, CLOUDEVENTS,
            CLOUDEVENTS_BATCH}, produces = {MediaType.APPLICATION_JSON_VALUE,
            MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    ResponseEntity<Object> post(@RequestHeader(HttpHeaders.CONTENT_TYPE) MediaType contentType,
                                HttpServletRequest request) throws IOException {
        Tenant tenant = TenantContext.current().orElseThrow(() -> ProblemTypes.problem(HttpStatus.FORBIDDEN,
                "forbidden", "Events belong to a tenant: use a tenant's API key."));
        byte[] body = readLimited(request);
        JsonNode root = readJson(body);
        boolean batch;
        List<EventParser.Parsed> items = new ArrayList<>();
        if (contentType.isCompatibleWith(MediaType.parseMediaType(CLOUDEVENTS_BATCH))) {
            if (!root.isArray()) {
                throw ProblemTypes.validation("A CloudEvents batch is a JSON array of events.",
                        List.of(EventParser.error("", "must be an array")));
            }
            batch = true;
            eachItem(root, (i, item) -> items.add(item == null ? oversizeResult(i) : parser.cloudEvent(i, item)));
        } else if (contentType.isCompatibleWith(MediaType.parseMediaType(CLOUDEVENTS))) {
            batch = false;
            items.add(sized(0, root, () -> parser.cloudEvent(0, root)));
        } else if (root.isArray()) {
            batch = true;
            eachItem(root, (i, item) -> items.add(auto(i, item)));
        } else if (root.isObject() && root.has("batch")) {
            JsonNode entries = root.get("batch");
            if (!entries.isArray()) {
                throw ProblemTypes.validation("batch must be an array of Segment calls.",
                        List.of(EventParser.error("batch", "must be an array")));
            }
            batch = true;
            JsonNode context = root.get("context");
            eachItem(entries, (i, item) -> {
                if (item != null && item.isObject() && context != null && context.isObject() && !item.has("context")) {
                    ((ObjectNode) item).set("context", context);
                }
                items.add(auto(i, item));
            });
        } else {
            batch = false;
            items.add(sized(0, root, () -> auto(0, root)));
        }
        if (batch && items.isEmpty()) {
            throw ProblemTypes.validation("The batch is empty.", List.of(EventParser.error("batch", "empty")));
        }
        EventRateLimiter.Decision decision = limiter.take(tenant, items.size());
        if (!decision.allowed()) {
            ErrorResponseException tooMany = ProblemTypes.problem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                    "Too many events for this tenant; retry after " + decision.retryAfter() + " s.");
            tooMany.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfter()));
            throw tooMany;
        }
        List<ItemResult> results = ingestion.ingest(items);
        return batch ? batchAnswer(results) : singleAnswer(results.get(0));
    }

    private interface ItemConsumer {
        void accept(int index, JsonNode item);
    }

    private void eachItem(JsonNode array, ItemConsumer consumer) {
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            int index = i;
            if (oversize(index, item) != null) {
                // keep the slot so that results line up with the request's items
                consumer.accept(index, null);
                continue;
            }
            consumer.accept(index, item);
        }
    }

    private EventParser.Parsed auto(int index, JsonNode item) {
        if (item == null) {
            return oversizeResult(index);
        }
        return item.isObject() && item.has("specversion") ? parser.cloudEvent(index, item)
                : parser.segment(index, item);
    }

    private EventParser.Parsed sized(int index, JsonNode item, java.util.function.Supplier<EventParser.Parsed> parse) {
        if (oversize(index, item) != null) {
            throw ProblemTypes.problem(HttpStatus.PAYLOAD_TOO_LARGE, "too-large",
                    "The event is larger than " + properties.maxEventSize().toBytes() + " bytes.");
        }
        return parse.get();
    }

    private EventParser.Parsed oversize(int index, JsonNode item) {
        return parser.size(item) > properties.maxEventSize().toBytes() ? oversizeResult(index) : null;
    }

    private EventParser.Parsed oversizeResult(int index) {
        return new EventParser.Parsed(null, ItemResult.rejected(index, 413, "too-large",
                "The event is larger than " + properties.maxEventSize().toBytes() + " bytes.",
                List.of(EventParser.error("", "larger than " + properties.maxEventSize().toBytes() + " bytes"))));
    }

    private byte[] readLimited(HttpServletRequest request) throws IOException {
        long limit = properties.maxBatchSize().toBytes();
        if (request.getContentLengthLong() > limit) {
            throw tooLarge(limit);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) limit + 1);
            if (body.length > limit) {
                throw tooLarge(limit);
            }
            return body;
        }
    }

    private JsonNode readJson(byte[] body) {
        try {
            JsonNode root = parser.mapper().readTree(body);
            if (root == null || root.isMissingNode()) {
                throw malformed("The body is empty.");
            }
            return root;
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            throw malformed("The body is not valid JSON" + (location == null ? "" : " (line "
                    + location.getLineNr() + ", column " + location.getColumnNr() + ")") + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw malformed("The body could not be read as JSON.");
        }
    }

    private static ErrorResponseException malformed(String detail) {
        ErrorResponseException exception = ProblemTypes.problem(HttpStatus.BAD_REQUEST, "malformed", detail);
        exception.getBody().setProperty("errors", List.of(EventParser.error("", detail)));
        return exception;
    }

    private static ErrorResponseException tooLarge(long limit) {
        return ProblemTypes.problem(HttpStatus.PAYLOAD_TOO_LARGE, "too-large",
                "The request body is larger than " + limit + " bytes.");
    }

    static ResponseEntity<Object> singleAnswer(ItemResult result) {
        if (result.accepted()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", result.id());
            body.put("duplicate", result.duplicate());
            return ResponseEntity.status(HttpStatus.ACCEPTED).contentType(MediaType.APPLICATION_JSON).body(body);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(result.status()),
                result.detail());
        problem.setType(URI.create(result.type()));
        problem.setProperty("errors", result.errors());
        return ResponseEntity.status(result.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    static ResponseEntity<Object> batchAnswer(List<ItemResult> results) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accepted", results.stream().filter(r -> r.accepted() && !r.duplicate()).count());
        body.put("duplicates", results.stream().filter(r -> r.accepted() && r.duplicate()).count());
        body.put("rejected", results.stream().filter(r -> !r.accepted() && !r.wasSkipped()).count());
        long skipped = results.stream().filter(ItemResult::wasSkipped).count();
        if (skipped > 0) {
            body.put("skipped", skipped); // only inbound webhooks skip: the events API's answer keeps its shape
        }
        body.put("results", results);
        return ResponseEntity.status(HttpStatus.ACCEPTED).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
