package io.genkend.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends Segment batches to {@code POST /api/v1/events} with {@code Authorization: Bearer <api key>} and reads the
 * answer per event.
 *
 * <ul>
 *   <li>2xx: per-item results are read from the first array found at {@code results}, {@code items},
 *       {@code events} or the root, matched by {@code messageId} when the items carry it, else by their
 *       {@code index} in the batch, else by position. An
 *       item is a duplicate when it has {@code duplicate: true} (or status "duplicate"), rejected when its status
 *       is 4xx or "rejected"/"invalid", {@code accepted: false}, or it carries an error; otherwise accepted. An
 *       answer without per-item results counts the whole batch as accepted (202 means stored).</li>
 *   <li>400, 413, 415, 422 (RFC 9457 problem): a batch of several events is resent one event at a time, so that
 *       each event gets its own verdict; a single event is rejected with the problem's detail and fields.</li>
 *   <li>429: waits for {@code Retry-After} (seconds or an HTTP date; 1 s when absent) and retries, without limit.</li>
 *   <li>5xx and connection failures: retries after 0.5, 1, 2, 4, 8 s, then stops the replay (resumable).</li>
 *   <li>401, 403, 404 and other answers: stops the replay (not resumable: the key or URL is wrong).</li>
 * </ul>
 */
public class EventsClient {

    /** Waits; tests replace it to run without real pauses. */
    @FunctionalInterface
    public interface Sleeper {
        /** @param duration how long to wait */
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final int MAX_ATTEMPTS = 6;

    private final HttpClient http;
    private final URI endpoint;
    private final String apiKey;
    private final Sleeper sleeper;
    private long throttled;

    /**
     * @param baseUrl Genkend's base URL, such as {@code http://localhost:8080}
     * @param apiKey  the tenant's API key
     * @param sleeper how to wait between retries
     */
    public EventsClient(URI baseUrl, String apiKey, Sleeper sleeper) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.endpoint = URI.create(baseUrl.toString().replaceAll("/+$", "") + "/api/v1/events");
        this.apiKey = apiKey;
        this.sleeper = sleeper;
    }

    /** @return how many 429 answers were waited out so far */
    public long throttled() {
        return throttled;
    }

    /**
     * Sends the events as one Segment batch.
     *
     * @return one outcome per event, in the order given
     * @throws ReplayStopped when the server cannot take them now (resumable) or refuses the key or URL
     */
    public List<ItemOutcome> send(List<ObjectNode> events) {
        ObjectNode body = Segment.JSON.createObjectNode();
        ArrayNode batch = body.putArray("batch");
        events.forEach(batch::add);
        HttpResponse<String> response = post(body.toString());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return itemOutcomes(response.body(), events);
        }
        if (status == 400 || status == 413 || status == 415 || status == 422) {
            if (events.size() > 1) {
                List<ItemOutcome> outcomes = new ArrayList<>();
                for (ObjectNode event : events) {
                    outcomes.addAll(send(List.of(event)));
                }
                return outcomes;
            }
            return List.of(ItemOutcome.rejected(status + " " + problemReason(response.body())));
        }
        throw new ReplayStopped("Genkend answered " + status + " at " + endpoint + ": "
                + problemReason(response.body()) + (status == 401 ? " (check --api-key)" : ""), false);
    }

    private HttpResponse<String> post(String body) {
        Duration backoff = Duration.ofMillis(500);
        String lastFailure = "";
        for (int attempt = 1; ; ) {
            HttpRequest request = HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, application/problem+json")
                    .header("Authorization", "Bearer " + apiKey)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 429) {
                    throttled++;
                    sleeper.sleep(retryAfter(response));
                    continue;
                }
                if (response.statusCode() < 500) {
                    return response;
                }
                lastFailure = "answered " + response.statusCode() + ": " + problemReason(response.body());
            } catch (IOException e) {
                lastFailure = "unreachable: " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ReplayStopped("Interrupted", true);
            }
            if (attempt++ >= MAX_ATTEMPTS) {
                throw new ReplayStopped("Genkend at " + endpoint + " " + lastFailure + " (after " + MAX_ATTEMPTS
                        + " attempts)", true);
            }
            try {
                sleeper.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ReplayStopped("Interrupted", true);
            }
            backoff = backoff.multipliedBy(2);
        }
    }

    static Duration retryAfter(HttpResponse<?> response) {
        String value = response.headers().firstValue("Retry-After").orElse("1").trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (RuntimeException notDate) {
                return Duration.ofSeconds(1);
            }
        }
    }

    static List<ItemOutcome> itemOutcomes(String body, List<ObjectNode> events) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : Segment.JSON.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        JsonNode items = null;
        if (root != null) {
            if (root.isArray()) {
                items = root;
            } else {
                for (String field : List.of("results", "items", "events")) {
                    if (root.path(field).isArray()) {
                        items = root.get(field);
                        break;
                    }
                }
            }
        }
        List<ItemOutcome> outcomes = new ArrayList<>();
        if (items == null) {
            events.forEach(e -> outcomes.add(ItemOutcome.ACCEPTED));
            return outcomes;
        }
        Map<String, JsonNode> byMessageId = new HashMap<>();
        Map<Integer, JsonNode> byIndex = new HashMap<>();
        items.forEach(item -> {
            if (item.hasNonNull("messageId")) {
                byMessageId.put(item.get("messageId").asText(), item);
            }
            if (item.path("index").canConvertToInt() && item.path("index").isNumber()) {
                byIndex.put(item.get("index").asInt(), item);
            }
        });
        for (int i = 0; i < events.size(); i++) {
            JsonNode item = !byMessageId.isEmpty() ? byMessageId.get(events.get(i).path("messageId").asText())
                    : !byIndex.isEmpty() ? byIndex.get(i)
                    : items.get(i);
            outcomes.add(item == null ? ItemOutcome.ACCEPTED : outcome(item));
        }
        return outcomes;
    }

    private static ItemOutcome outcome(JsonNode item) {
        JsonNode status = item.path("status");
        String statusText = status.asText("").toLowerCase();
        if (item.path("duplicate").asBoolean(false) || statusText.equals("duplicate")) {
            return ItemOutcome.DUPLICATE;
        }
        boolean rejected = (status.isNumber() && status.asInt() >= 400)
                || statusText.equals("rejected") || statusText.equals("invalid") || statusText.equals("error")
                || item.path("rejected").asBoolean(false)
                || (item.has("accepted") && !item.path("accepted").asBoolean(true))
                || item.has("error") || item.has("errors") || item.has("problem");
        return rejected ? ItemOutcome.rejected(reason(item)) : ItemOutcome.ACCEPTED;
    }

    static String problemReason(String body) {
        try {
            return reason(Segment.JSON.readTree(body));
        } catch (IOException | RuntimeException e) {
            return body == null ? "" : body.length() > 200 ? body.substring(0, 200) : body;
        }
    }

    /** A short reason from a problem or item: its detail (or title, reason, error) and offending fields. */
    private static String reason(JsonNode node) {
        JsonNode problem = node.has("problem") ? node.get("problem") : node.path("error").isObject() ? node.get("error") : node;
        String text = first(problem, "detail", "reason", "message", "title");
        if (text == null && node.path("error").isTextual()) {
            text = node.get("error").asText();
        }
        List<String> fields = new ArrayList<>();
        for (JsonNode error : problem.path("errors").isArray() ? problem.get("errors") : node.path("errors")) {
            String field = first(error, "field", "pointer", "name");
            String message = first(error, "message", "detail", "reason");
            fields.add(field == null ? String.valueOf(message) : message == null ? field : field + ": " + message);
        }
        String joined = fields.isEmpty() ? "" : " [" + String.join("; ", fields) + "]";
        return (text == null ? "" : text) + joined;
    }

    private static String first(JsonNode node, String... names) {
        for (String name : names) {
            if (node.path(name).isTextual() && !node.get(name).asText().isBlank()) {
                return node.get(name).asText();
            }
        }
        return null;
    }
}
