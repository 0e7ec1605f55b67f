package io.genkend.customer.internal;

import io.genkend.api.ProblemTypes;
import io.genkend.customer.Consent;
import io.genkend.customer.CustomerProfile;
import io.genkend.customer.ExportContributor;
import io.genkend.customer.TimelineContributor;
import io.genkend.customer.TimelineEntry;
import io.genkend.schema.tables.records.CustomerRecord;
import io.genkend.tenancy.TenantContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The customer API: profile, timeline, consents, export (GDPR Art. 20) and erasure (Art. 17). {@code {id}} is the
 * profile UUID or, when no profile has that id, the tenant's own {@code userId}, else an {@code anonymousId}
 * ({@link io.genkend.customer.CustomerProfiles#findByOwnId}).
 */
@RestController
@RequestMapping(path = "/api/v1/customers", produces = "application/json")
class CustomerController {

    private static final int MAX_PAGE = 100;

    private final CustomerStore store;
    private final ConsentLedger consents;
    private final CustomerErasure erasure;
    private final ObjectProvider<TimelineContributor> timeline;
    private final ObjectProvider<ExportContributor> exports;

    CustomerController(CustomerStore store, ConsentLedger consents, CustomerErasure erasure,
                       ObjectProvider<TimelineContributor> timeline, ObjectProvider<ExportContributor> exports) {
        this.store = store;
        this.consents = consents;
        this.erasure = erasure;
        this.timeline = timeline;
        this.exports = exports;
    }

    /** The profile with identities and current consents. */
    @GetMapping("/{id}")
    @Transactional(readOnly = true)
    public Map<String, Object> get(@PathVariable String id) {
        CustomerRecord row = resolve(id);
        Map<String, Object> body = profile(row);
        body.put("consents", consents.current(row.getId()).stream().map(CustomerController::consent).toList());
        return body;
    }

    /**
     * Newest first, keyset-paged: pass the answer's {@code next} as {@code before} for the following page.
     *
     * @param size entries per page, 1 to 100 (default 20)
     */
    @GetMapping("/{id}/timeline")
    @Transactional(readOnly = true)
    public Map<String, Object> timeline(@PathVariable String id, @RequestParam(required = false) String before,
                                        @RequestParam(defaultValue = "20") int size) {
        if (size < 1 || size > MAX_PAGE) {
            throw ProblemTypes.validation("size must be between 1 and " + MAX_PAGE + ".",
                    List.of(Map.of("field", "size", "message", "between 1 and " + MAX_PAGE)));
        }
        Instant beforeAt = null;
        String beforeKey = null;
        if (before != null) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(before), StandardCharsets.UTF_8)
                        .split("\\|", 2);
                beforeAt = Instant.parse(parts[0]);
                beforeKey = parts[1];
            } catch (RuntimeException e) {
                throw ProblemTypes.validation("before is not a cursor from a previous page.",
                        List.of(Map.of("field", "before", "message", "not a timeline cursor")));
            }
            if (!io.genkend.api.Timestamps.storable(beforeAt)) {
                throw ProblemTypes.validation("before is out of range: years 0001 to 9999 (UTC).",
                        List.of(Map.of("field", "before", "message", "out of range: years 0001 to 9999 (UTC)")));
            }
        }
        UUID customerId = resolve(id).getId();
        List<TimelineEntry> entries = new ArrayList<>();
        boolean more = false;
        for (TimelineContributor contributor : timeline.orderedStream().toList()) {
            List<TimelineEntry> part = contributor.entries(customerId, beforeAt, beforeKey, size);
            more |= part.size() >= size;
            entries.addAll(part);
        }
        entries.sort(Comparator.comparing(TimelineEntry::at).thenComparing(TimelineEntry::sortKey).reversed());
        List<TimelineEntry> page = entries.subList(0, Math.min(size, entries.size()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customerId", customerId);
        body.put("entries", page);
        if (!page.isEmpty() && (more || entries.size() > size)) {
            TimelineEntry last = page.get(page.size() - 1);
            body.put("next", Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (last.at() + "|" + last.sortKey()).getBytes(StandardCharsets.UTF_8)));
        }
        return body;
    }

    /**
     * Records consent decisions. Body: {@code {"consents": [{"purpose": "marketing", "channel": "email",
     * "status": "granted", "wordingVersion": "v3", "source": "preference-centre", "at": "2026-..."}]}}.
     *
     * @return the profile's current consents
     */
    @PutMapping(path = "/{id}/consents", consumes = "application/json")
    @Transactional
    public Map<String, Object> putConsents(@PathVariable String id, @RequestBody Map<String, Object> body) {
        UUID customerId = resolve(id).getId();
        if (!(body.get("consents") instanceof List<?> items) || items.isEmpty()) {
            throw ProblemTypes.validation("consents must be a non-empty array.",
                    List.of(Map.of("field", "consents", "message", "non-empty array required")));
        }
        List<Consent> parsed = new ArrayList<>();
        List<Map<String, String>> errors = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "consents[" + i + "]";
            try {
                parsed.add(parseConsent(path, items.get(i)));
            } catch (IllegalArgumentException e) {
                String message = e.getMessage();
                int colon = message.indexOf(": ");
                errors.add(Map.of("field", colon > 0 ? message.substring(0, colon) : path,
                        "message", colon > 0 ? message.substring(colon + 2) : message));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemTypes.validation("Some consents are invalid; none was recorded.", errors);
        }
        consents.record(customerId, parsed);
        return Map.of("customerId", customerId,
                "consents", consents.current(customerId).stream().map(CustomerController::consent).toList());
    }

    /** Everything held about the customer (GDPR Art. 20), as JSON; 404 once erased. */
    @GetMapping("/{id}/export")
    @Transactional(readOnly = true)
    public Map<String, Object> export(@PathVariable String id) {
        CustomerRecord row = resolve(id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("exportedAt", Instant.now());
        body.put("profile", profile(row));
        body.put("consents", consents.history(row.getId()).stream().map(CustomerController::consent).toList());
        for (ExportContributor contributor : exports.orderedStream().toList()) {
            body.put(contributor.section(), contributor.export(row.getId()));
        }
        return body;
    }

    /** Erases the customer (GDPR Art. 17); 204, then the customer is 404 everywhere. */
    @DeleteMapping("/{id}")
    public ResponseEntity<Void> erase(@PathVariable String id) {
        UUID customerId = resolve(id).getId();
        if (!erasure.erase(customerId)) {
            throw notFound();
        }
        return ResponseEntity.noContent().build();
    }

    private CustomerRecord resolve(String ref) {
        if (TenantContext.current().isEmpty()) {
            throw ProblemTypes.problem(HttpStatus.FORBIDDEN, "forbidden", "Customers belong to a tenant.");
        }
        try {
            var byId = store.row(UUID.fromString(ref));
            if (byId.isPresent()) {
                return byId.get();
            }
        } catch (IllegalArgumentException notUuid) {
            // not a profile id: try it as the tenant's userId, then as an anonymousId
        }
        return store.findByOwnId(ref).map(CustomerProfile::id).flatMap(store::row).orElseThrow(this::notFound);
    }

    private RuntimeException notFound() {
        return ProblemTypes.problem(HttpStatus.NOT_FOUND, "not-found", "No such customer.");
    }

    private Map<String, Object> profile(CustomerRecord row) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", row.getId());
        body.put("userId", row.getUserId());
        body.put("email", row.getEmail());
        body.put("phone", row.getPhone());
        body.put("locale", row.getLocale());
        body.put("timeZone", row.getTimeZone());
        body.put("traits", store.traits(row));
        body.put("identities", store.identities(row.getId()).stream()
                .map(i -> Map.of("kind", i.apiKind(), "value", i.value())).toList());
        body.put("createdAt", row.getCreatedAt());
        body.put("updatedAt", row.getUpdatedAt());
        return body;
    }

    private static Consent parseConsent(String path, Object item) {
        if (!(item instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(path + ": must be an object");
        }
        Instant at = Instant.now();
        if (map.get("at") != null) {
            try {
                at = java.time.OffsetDateTime.parse(String.valueOf(map.get("at"))).toInstant();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(path + ".at: not an ISO-8601 date-time with offset");
            }
            if (!io.genkend.api.Timestamps.storable(at)) {
                throw new IllegalArgumentException(path + ".at: out of range: years 0001 to 9999 (UTC)");
            }
        }
        return new Consent(
                ConsentLedger.parsePurpose(path + ".purpose", required(path + ".purpose", map.get("purpose"))),
                ConsentLedger.parseChannel(path + ".channel", required(path + ".channel", map.get("channel"))),
                ConsentLedger.parseStatus(path + ".status", required(path + ".status", map.get("status"))),
                at, map.get("source") instanceof String s ? s : "api",
                map.get("wordingVersion") instanceof String v ? v : null);
    }

    private static String required(String path, Object value) {
        if (!(value instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException(path + ": required string");
        }
        return text;
    }

    private static Map<String, Object> consent(Consent c) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("purpose", c.purpose().name().toLowerCase(Locale.ROOT));
        body.put("channel", ConsentLedger.channelName(c.channel()));
        body.put("status", c.status().name().toLowerCase(Locale.ROOT));
        body.put("at", c.recordedAt());
        body.put("source", c.source());
        body.put("wordingVersion", c.wordingVersion());
        return body;
    }
}
