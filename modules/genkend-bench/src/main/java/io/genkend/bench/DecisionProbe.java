package io.genkend.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * How figure (c) learns when Genkend decided the outreach for a customer. Pluggable, because what reports it
 * belongs to other modules:
 * <ul>
 *   <li>{@link DatabaseProbe} ({@code --probe database}): one query per poll cycle, every 50 ms, for all customers
 *       still waiting, on the decision module's table {@code decision} (migration {@code V41}) joined to
 *       {@code customer} by its external user id; no load on the server's HTTP threads;</li>
 *   <li>{@link #timeline}: {@code GET /api/v1/customers/{userId}/timeline?size=50} per waiting customer every
 *       10 ms; the earliest entry whose {@code kind} is the given one (default {@code outreach}) gives the
 *       decision time ({@code at});</li>
 *   <li>{@link #decisions}: the decision module's {@code GET /api/v1/decisions?customerId={uuid}} (a JSON array of
 *       stored decisions, each with {@code decidedAt}) per waiting customer every 10 ms; the customer's UUID is
 *       read once from {@code GET /api/v1/customers/{userId}} ({@code id}) and kept.</li>
 * </ul>
 * The latency is measured from the server's own timestamp, so neither the polling interval nor the probe's
 * transport adds to it; the probe only has to learn <em>that</em> and <em>when</em> a decision was stored.
 */
public interface DecisionProbe extends AutoCloseable {

    /**
     * Asks for the decisions of some customers at once.
     *
     * @param userIds the customers, as sent in their events
     * @return for each customer whose outreach was decided, the earliest decision time; customers not decided yet
     *         (or not visible) are absent
     */
    Map<String, Instant> decided(Collection<String> userIds);

    /** @return how long the poller sleeps between two calls of {@link #decided} */
    default Duration interval() {
        return Duration.ofMillis(10);
    }

    /** Releases what the probe holds (a connection); nothing by default. */
    @Override
    default void close() {
    }

    /** The timeline probe: the earliest entry of {@code kind}, one request per customer. */
    static DecisionProbe timeline(GenkendApi api, String kind) {
        return perCustomer(userId -> {
            JsonNode page = api.get("/api/v1/customers/" + encode(userId) + "/timeline?size=50");
            return earliest(page == null ? null : page.path("entries"), kind);
        });
    }

    /**
     * The decisions probe: the earliest decision stored for the customer (with or without an offer), one request
     * per customer (two the first time).
     */
    static DecisionProbe decisions(GenkendApi api) {
        Map<String, String> customerIds = new ConcurrentHashMap<>();
        return perCustomer(userId -> {
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
        });
    }

    /**
     * A probe that asks about one customer at a time.
     *
     * @param decidedAt the decision time of one customer, or {@code null} when not decided (yet)
     */
    static DecisionProbe perCustomer(Function<String, Instant> decidedAt) {
        return userIds -> {
            Map<String, Instant> found = new HashMap<>();
            for (String userId : userIds) {
                Instant at = decidedAt.apply(userId);
                if (at != null) {
                    found.put(userId, at);
                }
            }
            return found;
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
