package io.genkend.event.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.genkend.api.ProblemTypes;
import io.genkend.event.InboundEvent;
import io.genkend.event.InboundEventMapper;
import io.genkend.event.InboundPayloadException;
import io.genkend.event.InboundPayloadSkippedException;
import io.genkend.tenancy.Tenant;
import io.genkend.tenancy.TenantContext;
import io.genkend.tenancy.TenantDirectory;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /hooks/{tenant}/{source}}: a tenant system's native payload, verified with Standard Webhooks
 * signatures against the source's secrets, mapped by the tenant's pack ({@link InboundEventMapper}) and stored
 * through the same path as {@code POST /api/v1/events}; a payload the mapping skips
 * ({@link InboundPayloadSkippedException}) is answered 202 with the reason and stores nothing. Unknown tenants, sources and mappings are all 404 (a
 * caller without the secret learns nothing); a bad signature is 401.
 */
@RestController
class InboundWebhookController {

    private final TenantDirectory tenants;
    private final InboundWebhookSecrets secrets;
    private final List<InboundEventMapper> mappers;
    private final EventParser parser;
    private final EventIngestion ingestion;
    private final EventRateLimiter limiter;
    private final EventProperties properties;

    InboundWebhookController(TenantDirectory tenants, InboundWebhookSecrets secrets, List<InboundEventMapper> mappers,
                             EventParser parser, EventIngestion ingestion, EventRateLimiter limiter,
                             EventProperties properties) {
        this.tenants = tenants;
        this.secrets = secrets;
        this.mappers = mappers;
        this.parser = parser;
        this.ingestion = ingestion;
        this.limiter = limiter;
        this.properties = properties;
    }

    @PostMapping(path = "/hooks/{tenant}/{source}", produces = "application/json")
    ResponseEntity<Object> receive(@PathVariable("tenant") String slug, @PathVariable String source,
                                   @RequestHeader(name = "webhook-id", required = false) String webhookId,
                                   @RequestHeader(name = "webhook-timestamp", required = false) String timestamp,
                                   @RequestHeader(name = "webhook-signature", required = false) String signature,
                                   HttpServletRequest request) throws IOException {
        Tenant tenant = tenants.findBySlug(slug).orElseThrow(InboundWebhookController::unknown);
        byte[] body = readLimited(request);
        return TenantContext.callAs(tenant, () -> {
            List<String> valid = secrets.valid(source);
            if (valid.isEmpty()) {
                throw unknown();
            }
            var verdict = StandardWebhookSignature.verify(valid, webhookId, timestamp, signature, body,
                    Instant.now(), properties.inbound().tolerance());
            if (!verdict.verified()) {
                throw ProblemTypes.problem(HttpStatus.UNAUTHORIZED, "bad-signature",
                        "The webhook is not verified: " + verdict.reason() + ".");
            }
            String pack = tenants.packOf(tenant).orElse(null);
            InboundEventMapper mapper = mappers.stream()
                    .filter(m -> m.pack().equals(pack) && m.source().equals(source)).findFirst()
                    .orElseThrow(InboundWebhookController::unknown);
            JsonNode payload = readJson(body);
            List<Map<String, String>> unstorable = new ArrayList<>();
            EventParser.unstorableValues(payload, "", unstorable);
            if (!unstorable.isEmpty()) {
                throw ProblemTypes.validation("The payload holds a value that cannot be stored (the NUL character"
                        + " U+0000, or a number beyond what a double stands for).", unstorable);
            }
            List<InboundEvent> mapped;
            try {
                mapped = mapper.map(payload);
            } catch (InboundPayloadException e) {
                throw ProblemTypes.validation("The payload cannot be mapped: " + e.getMessage(),
                        List.of(EventParser.error(e.field(), e.getMessage())));
            } catch (InboundPayloadSkippedException e) {
                return EventController.batchAnswer(List.of(ItemResult.skipped(0, e.getMessage())));
            }
            EventRateLimiter.Decision decision = limiter.take(tenant, Math.max(1, mapped.size()));
            if (!decision.allowed()) {
                ErrorResponseException tooMany = ProblemTypes.problem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                        "Too many events for this tenant; retry after " + decision.retryAfter() + " s.");
                tooMany.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfter()));
                throw tooMany;
            }
            List<EventParser.Parsed> items = new ArrayList<>();
            for (int i = 0; i < mapped.size(); i++) {
                InboundEvent event = mapped.get(i);
                if (event.name() == null || (event.userId() == null && event.anonymousId() == null)) {
                    items.add(new EventParser.Parsed(null, ItemResult.rejected(i, 400, "validation",
                            "The mapped event lacks a name or a customer.",
                            List.of(EventParser.error("userId", "the mapping found no customer")))));
                } else if (event.occurredAt() != null && !io.genkend.api.Timestamps.storable(event.occurredAt())) {
                    items.add(new EventParser.Parsed(null, ItemResult.rejected(i, 400, "validation",
                            "The mapped event's time is out of range.",
                            List.of(EventParser.error("occurredAt", "out of range: years 0001 to 9999 (UTC)")))));
                } else if (!idErrors(event).isEmpty()) {
                    items.add(new EventParser.Parsed(null, ItemResult.rejected(i, 400, "validation",
                            "The mapped event has an identifier that is too long.", idErrors(event))));
                } else {
                    items.add(new EventParser.Parsed(parser.inbound(source, webhookId, i, event), null));
                }
            }
            return EventController.batchAnswer(ingestion.ingest(items));
        });
    }

    /** @return an error per identifier of a mapped event longer than {@link EventParser#MAX_ID_LENGTH} */
    private static List<Map<String, String>> idErrors(InboundEvent event) {
        List<Map<String, String>> errors = new ArrayList<>();
        EventParser.tooLong("userId", event.userId(), errors);
        EventParser.tooLong("anonymousId", event.anonymousId(), errors);
        EventParser.tooLong("messageId", event.messageId(), errors);
        return errors;
    }

    private byte[] readLimited(HttpServletRequest request) throws IOException {
        long limit = properties.maxBatchSize().toBytes();
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) limit + 1);
            if (body.length > limit) {
                throw ProblemTypes.problem(HttpStatus.PAYLOAD_TOO_LARGE, "too-large",
                        "The request body is larger than " + limit + " bytes.");
            }
            return body;
        }
    }

    private JsonNode readJson(byte[] body) {
        try {
            JsonNode root = parser.mapper().readTree(body);
            if (root == null || root.isMissingNode()) {
                throw ProblemTypes.problem(HttpStatus.BAD_REQUEST, "malformed", "The body is empty.");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw ProblemTypes.problem(HttpStatus.BAD_REQUEST, "malformed",
                    "The body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ProblemTypes.problem(HttpStatus.BAD_REQUEST, "malformed", "The body could not be read.");
        }
    }

    private static ErrorResponseException unknown() {
        return ProblemTypes.problem(HttpStatus.NOT_FOUND, "not-found", "No such webhook endpoint.");
    }
}
