package io.genkend.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * How figure (c) learns when Genkend decided the outreach for a customer. Pluggable, because the endpoint that
 * reports it belongs to other modules:
 * <ul>
 *   <li>{@link #timeline}: {@code GET /api/v1/customers/{userId}/timeline?size=50}; the earliest entry whose
 *       {@code kind} is the given one (default {@code outreach}) gives the decision time ({@code at});</li>
 *   <li>{@link #decisions}: the decision module's {@code GET /api/v1/decisions?customerId={uuid}} (a JSON array of
 *       stored decisions, each with {@code decidedAt}); the customer's UUID is read once from
 *       {@code GET /api/v1/customers/{userId}} ({@code id}) and kept.</li>
 * </ul>
 * The latency is measured from the server's own timestamp, so the polling interval does not add to it.
 */
@FunctionalInterface
public interface DecisionProbe {

    /**
     * @param userId the customer, as sent in the event
     * @return when the outreach was decided, or {@code null} when it has not been (or cannot be seen)
     */
    Instant decidedAt(String userId);

    /** The timeline probe: the earliest entry of {@code kind}. */
    static DecisionProbe timeline(GenkendApi api, String kind) {
        return userId -> {
            JsonNode page = api.get("/api/v1/customers/" + encode(userId) + "/timeline?size=50");
            return earliest(page == null ? null : page.path("entries"), kind);
        };
    }

    /** The decisions probe: the earliest decision stored for the customer (with or without an offer). */
    static DecisionProbe decisions(GenkendApi api) {
        java.util.Map<String, String> customerIds = new java.util.concurrent.ConcurrentHashMap<>();
        return userId -> {
            String customerId = customerIds.get(userId);
            if (customerId == null) {
                JsonNode customer = api.get("/api/v1/customers/" + encode(userId));
                if (customer == null || !customer.path("id").isTextual()) {
                    return null;
                }
                customerId = customer.get("id").asText();
                customerIds.put(userId, customerId);
            }
            JsonNode answer = api.get("/api/v1/decisions?customerId=" + encode(customerId));
            return earliest(answer == null ? null : answer.isArray() ? answer : answer.path("items"), null);
        };
    }

    private static Instant earliest(JsonNode items, String kind) {
        if (items == null || !items.isArray()) {
            return null;
        }
        Instant earliest = null;
        for (JsonNode item : items) {
            if (kind != null && !kind.equals(item.path("kind").asText())) {
                continue;
            }
            for (String field : new String[]{"decidedAt", "at", "createdAt"}) {
                if (item.path(field).isTextual()) {
                    try {
                        Instant at = Instant.parse(item.get(field).asText());
                        earliest = earliest == null || at.isBefore(earliest) ? at : earliest;
                    } catch (DateTimeParseException ignored) {
                        // not a timestamp: try the next field
                    }
                    break;
                }
            }
        }
        return earliest;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
