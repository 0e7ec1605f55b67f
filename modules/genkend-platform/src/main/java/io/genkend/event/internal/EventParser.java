package io.genkend.event.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genkend.event.InboundEvent;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates Segment Spec calls and CloudEvents 1.0 (JSON format) and turns them into {@link IncomingEvent}s.
 * Every problem is reported with its field; nothing is stored from an item with a problem.
 *
 * <p>Sources: Segment Spec (segment.com/docs/connections/spec: common fields, track, identify, alias, page, group,
 * screen); CloudEvents 1.0.2 core spec section 3 (attribute naming: lower-case a-z and 0-9; types: Integer is
 * 32-bit signed) and JSON event format section 3 ({@code data} / {@code data_base64}).
 */
@Component
class EventParser {

    static final Set<String> SEGMENT_TYPES = Set.of("track", "identify", "alias", "page", "screen", "group");
    private static final Set<String> SEGMENT_TIMES = Set.of("timestamp", "originalTimestamp", "sentAt",
            "receivedAt");
    /** Fields that differ between retries of the same Segment message and so are not part of its body hash. */
    private static final Set<String> SEGMENT_TRANSPORT_FIELDS = Set.of("sentAt", "receivedAt");
    private static final Set<String> CE_STRING_ATTRIBUTES = Set.of("id", "source", "specversion", "type",
            "datacontenttype", "dataschema", "subject", "time");
    private static final Pattern CE_ATTRIBUTE_NAME = Pattern.compile("[a-z0-9]{1,20}");
    /**
     * The longest identifier, in characters: {@code messageId}, {@code userId}, {@code anonymousId},
     * {@code previousId}, {@code groupId} (and the CloudEvents {@code userid} / {@code anonymousid} extensions, and
     * a mapped webhook event's ids). Longer ones are refused: customer ids sit in unique btree indexes, whose
     * entries are limited to 2704 bytes.
     */
    static final int MAX_ID_LENGTH = 255;
    private static final String NUL_MESSAGE = "contains the NUL character (U+0000), which cannot be stored";
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper exact;
    private final ObjectMapper canonical;

    EventParser(ObjectMapper mapper) {
        this.exact = mapper.copy().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
        this.canonical = exact.copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    }

    /** The outcome for one item: an event to store, or the reason it was refused. */
    record Parsed(IncomingEvent event, ItemResult rejection) {
    }

    /** @return the mapper that keeps numbers exact (BigDecimal, BigInteger) */
    ObjectMapper mapper() {
        return exact;
    }

    /**
     * @return the compact UTF-8 size of an item in bytes; 0 when it cannot be written at all (a number whose plain
     *         form Jackson refuses to write, such as {@code 1e10000}), which parsing then refuses
     *         ({@link #unstorableValues})
     */
    int size(JsonNode item) {
        try {
            return exact.writeValueAsBytes(item).length;
        } catch (JsonProcessingException e) {
            return 0;
        }
    }

    /** Parses a Segment call. */
    Parsed segment(int index, JsonNode item) {
        List<Map<String, String>> errors = new ArrayList<>();
        if (!item.isObject()) {
            return rejected(index, "", "must be a JSON object");
        }
        unstorableValues(item, "", errors);
        if (!errors.isEmpty()) {
            return invalid(index, errors);
        }
        String type = string(item, "type", errors);
        if (type == null) {
            if (!errors.isEmpty()) {
                return invalid(index, errors);
            }
            return rejected(index, "type", "required: one of " + String.join(", ", sorted(SEGMENT_TYPES)));
        }
        if (!SEGMENT_TYPES.contains(type)) {
            return rejected(index, "type", "unknown type '" + type + "': one of "
                    + String.join(", ", sorted(SEGMENT_TYPES)));
        }
        String userId = string(item, "userId", errors);
        String anonymousId = string(item, "anonymousId", errors);
        String messageId = string(item, "messageId", errors);
        for (String field : List.of("properties", "traits", "context", "integrations")) {
            object(item, field, errors);
        }
        Map<String, Instant> times = new LinkedHashMap<>();
        for (String field : SEGMENT_TIMES) {
            Instant time = time(item, field, errors);
            if (time != null) {
                times.put(field, time);
            }
        }
        String name = type;
        String previousId = null;
        String groupId = null;
        switch (type) {
            case "track" -> {
                name = string(item, "event", errors);
                if (name != null && name.isBlank()) {
                    name = null; // an empty event name names no event (Segment: "event" is required for track)
                }
                if (name == null && errors.stream().noneMatch(e -> e.get("field").equals("event"))) {
                    errors.add(error("event", "required for track"));
                }
            }
            case "alias" -> {
                previousId = string(item, "previousId", errors);
                if (previousId == null && errors.stream().noneMatch(e -> e.get("field").equals("previousId"))) {
                    errors.add(error("previousId", "required for alias"));
                }
                if (userId == null && errors.stream().noneMatch(e -> e.get("field").equals("userId"))) {
                    errors.add(error("userId", "required for alias"));
                }
            }
            case "group" -> {
                groupId = string(item, "groupId", errors);
                if (groupId == null
                        && errors.stream().noneMatch(e -> e.get("field").equals("groupId"))) {
                    errors.add(error("groupId", "required for group"));
                }
            }
            case "page", "screen" -> string(item, "name", errors);
            default -> {
            }
        }
        if (!type.equals("alias") && userId == null && anonymousId == null
                && errors.stream().noneMatch(e -> e.get("field").endsWith("Id"))) {
            errors.add(error("userId", "userId or anonymousId is required"));
            errors.add(error("anonymousId", "userId or anonymousId is required"));
        }
        if (type.equals("track")) {
            tooLong("event", name, errors);
        }
        tooLong("messageId", messageId, errors);
        tooLong("userId", userId, errors);
        tooLong("anonymousId", anonymousId, errors);
        tooLong("previousId", previousId, errors);
        tooLong("groupId", groupId, errors);
        if (!errors.isEmpty()) {
            return invalid(index, errors);
        }
        Map<String, Object> traits = map(item.get("traits"));
        Map<String, Object> properties = switch (type) {
            case "identify", "group" -> traits;
            case "alias" -> Map.of("previousId", previousId);
            default -> map(item.get("properties"));
        };
        if (type.equals("group")) {
            properties = new LinkedHashMap<>(properties);
            properties.put("groupId", item.get("groupId").asText());
        }
        if ((type.equals("page") || type.equals("screen")) && item.hasNonNull("name")) {
            properties = new LinkedHashMap<>(properties);
            properties.putIfAbsent("name", item.get("name").asText());
        }
        Instant occurredAt = times.getOrDefault("timestamp", times.getOrDefault("originalTimestamp", Instant.now()));
        ObjectNode hashed = ((ObjectNode) item).deepCopy();
        hashed.remove(SEGMENT_TRANSPORT_FIELDS);
        return new Parsed(new IncomingEvent("segment", type, name, userId, anonymousId, previousId, traits,
                properties, occurredAt, messageId == null ? null : "segment:" + messageId, hash(hashed), item,
                "segment"), null);
    }

    /** Parses a CloudEvent in the structured JSON format. */
    Parsed cloudEvent(int index, JsonNode item) {
        if (!item.isObject()) {
            return rejected(index, "", "must be a JSON object");
        }
        List<Map<String, String>> errors = new ArrayList<>();
        unstorableValues(item, "", errors);
        if (!errors.isEmpty()) {
            return invalid(index, errors);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String field : CE_STRING_ATTRIBUTES) {
            String value = string(item, field, errors);
            if (value != null) {
                attributes.put(field, value);
            }
        }
        for (String required : List.of("specversion", "id", "source", "type")) {
            if (!attributes.containsKey(required) && errors.stream().noneMatch(e -> e.get("field").equals(required))) {
                errors.add(error(required, "required"));
            } else if (attributes.containsKey(required) && attributes.get(required).isEmpty()) {
                errors.add(error(required, "must not be empty"));
            }
        }
        if (attributes.containsKey("specversion") && !attributes.get("specversion").equals("1.0")) {
            errors.add(error("specversion", "unsupported version '" + attributes.get("specversion")
                    + "': 1.0 is supported"));
        }
        Instant time = time(item, "time", errors);
        if (item.has("data") && item.has("data_base64")) {
            errors.add(error("data_base64", "data and data_base64 are mutually exclusive"));
        }
        JsonNode base64 = item.get("data_base64");
        if (base64 != null && !base64.isNull()) {
            if (!base64.isTextual()) {
                errors.add(error("data_base64", "must be a string"));
            } else {
                try {
                    Base64.getDecoder().decode(base64.asText());
                } catch (IllegalArgumentException e) {
                    errors.add(error("data_base64", "not valid base64 (RFC 4648)"));
                }
            }
        }
        var names = item.fieldNames();
        while (names.hasNext()) {
            String field = names.next();
            if (field.equals("data") || field.equals("data_base64") || CE_STRING_ATTRIBUTES.contains(field)) {
                continue;
            }
            if (!CE_ATTRIBUTE_NAME.matcher(field).matches()) {
                errors.add(error(field, "invalid attribute name: lower-case letters and digits only, at most 20"));
                continue;
            }
            JsonNode value = item.get(field);
            if (value.isNull() || value.isTextual() || value.isBoolean()) {
                continue;
            }
            if (value.isIntegralNumber()) {
                if (!value.canConvertToInt()) {
                    errors.add(error(field, "integer out of range: CloudEvents integers are 32-bit signed"));
                }
                continue;
            }
            errors.add(error(field, "extension attributes are strings, booleans or 32-bit integers"));
        }
        String userId = optionalText(item.get("userid"));
        String anonymousId = optionalText(item.get("anonymousid"));
        tooLong("type", attributes.get("type"), errors);
        tooLong("userid", userId, errors);
        tooLong("anonymousid", anonymousId, errors);
        if (!errors.isEmpty()) {
            return invalid(index, errors);
        }
        JsonNode data = item.get("data");
        Map<String, Object> properties = data != null && data.isObject() ? map(data) : Map.of();
        return new Parsed(new IncomingEvent("cloudevents", "cloudevent", attributes.get("type"), userId,
                anonymousId, null, Map.of(), properties, time == null ? Instant.now() : time,
                "cloudevents:" + attributes.get("source") + " " + attributes.get("id"), hash(item), item,
                "cloudevents"), null);
    }

    /** Turns a pack mapper's event into an incoming event of format {@code webhook}. */
    IncomingEvent inbound(String source, String webhookId, int index, InboundEvent event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", source);
        body.put("name", event.name());
        body.put("userId", event.userId());
        body.put("anonymousId", event.anonymousId());
        body.put("messageId", event.messageId());
        body.put("occurredAt", event.occurredAt() == null ? null : event.occurredAt().toString());
        body.put("properties", event.properties() == null ? Map.of() : event.properties());
        body.put("traits", event.traits() == null ? Map.of() : event.traits());
        JsonNode payload = exact.valueToTree(body);
        String key = "webhook:" + source + ":" + (event.messageId() != null ? event.messageId()
                : webhookId + "#" + index);
        return new IncomingEvent("webhook", "track", event.name(), event.userId(), event.anonymousId(), null,
                map(payload.get("traits")), map(payload.get("properties")),
                event.occurredAt() == null ? Instant.now() : event.occurredAt(), key, hash(payload), payload,
                "webhook:" + source);
    }

    /** @return a JSON value as a map with exact numbers ({@code null} and non-objects give an empty map) */
    Map<String, Object> map(JsonNode node) {
        if (node == null || !node.isObject()) {
            return new LinkedHashMap<>();
        }
        return exact.convertValue(node, MAP);
    }

    private String hash(JsonNode node) {
        try {
            Object plain = exact.treeToValue(node, Object.class);
            byte[] bytes = canonical.writeValueAsBytes(plain);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String string(JsonNode item, String field, List<Map<String, String>> errors) {
        JsonNode value = item.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(error(field, "must be a string"));
            return null;
        }
        return value.asText();
    }

    private static void object(JsonNode item, String field, List<Map<String, String>> errors) {
        JsonNode value = item.get(field);
        if (value != null && !value.isNull() && !value.isObject()) {
            errors.add(error(field, "must be an object"));
        }
    }

    private static Instant time(JsonNode item, String field, List<Map<String, String>> errors) {
        JsonNode value = item.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(error(field, "must be an ISO-8601 / RFC 3339 date-time string"));
            return null;
        }
        try {
            return io.genkend.api.Timestamps.parseRfc3339(value.asText());
        } catch (IllegalArgumentException e) {
            errors.add(error(field, e.getMessage() + ": '" + value.asText() + "'"));
            return null;
        }
    }

    /**
     * Adds an error, with its dotted path (array elements as {@code [i]}), for every value of an item that cannot be
     * kept, in one walk of the tree:
     * <ul>
     *   <li>a string value or field name containing U+0000: PostgreSQL's {@code text} and {@code jsonb} cannot hold
     *       it;</li>
     *   <li>a string value or field name with an unpaired UTF-16 surrogate ({@code "\\udc00"} escaped in JSON): it
     *       is no Unicode character (RFC 8259, section 8.2: such strings have unpredictable behaviour), has no UTF-8
     *       form, and the driver stored it as {@code ?}, so {@code "u\\udc00"} and {@code "u?"} became one
     *       customer;</li>
     *   <li>a number that a double cannot stand for: larger in magnitude than the largest double ({@code 1e400}),
     *       so small that it rounds to zero ({@code 1e-400}), or written with more than {@value #MAX_DIGITS}
     *       significant digits. JSON itself sets no limit, but I-JSON (RFC 7493, section 2.2) says messages should
     *       not carry numbers of greater magnitude or precision than an IEEE 754 double, and such a number breaks
     *       every reader after us: kept exact, PostgreSQL's {@code jsonb} writes it in plain notation, thousands of
     *       digits long, beyond Jackson's default read limit of 1,000 digits, and the customer's profile, timeline,
     *       data export and erasure could no longer be read. Within these bounds a number is at most about 430
     *       characters in plain notation; the {@value #MAX_DIGITS} digits leave room for exact decimals and long
     *       integer identifiers, which a double would round.</li>
     * </ul>
     */
    static void unstorableValues(JsonNode node, String path, List<Map<String, String>> errors) {
        if (node.isTextual()) {
            if (node.textValue().indexOf('\u0000') >= 0) {
                errors.add(error(path, NUL_MESSAGE));
            } else if (unpairedSurrogate(node.textValue())) {
                errors.add(error(path, SURROGATE_MESSAGE));
            }
        } else if (node.isNumber()) {
            String problem = numberProblem(node);
            if (problem != null) {
                errors.add(error(path, problem));
            }
        } else if (node.isObject()) {
            var fields = node.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (field.getKey().indexOf('\u0000') >= 0) {
                    errors.add(error(child, "the field name contains " + NUL_MESSAGE.substring(9)));
                    continue;
                }
                if (unpairedSurrogate(field.getKey())) {
                    errors.add(error(child, "the field name " + SURROGATE_MESSAGE));
                    continue;
                }
                unstorableValues(field.getValue(), child, errors);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                unstorableValues(node.get(i), path + "[" + i + "]", errors);
            }
        }
    }

    private static final String SURROGATE_MESSAGE =
            "contains an unpaired UTF-16 surrogate (such as \\udc00), which is no character and cannot be stored";

    /** @return whether {@code text} has a high surrogate not followed by a low one, or a low one not after a high */
    static boolean unpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** @return why a number cannot be kept, or {@code null} */
    private static String numberProblem(JsonNode node) {
        if (!node.isBigDecimal() && !node.isBigInteger()) {
            // read as a double or long by a mapper without exact decimals: only infinity is a problem
            return Double.isFinite(node.doubleValue()) ? null : TOO_LARGE;
        }
        java.math.BigDecimal value = node.decimalValue();
        if (value.signum() == 0) {
            return null;
        }
        double asDouble = value.doubleValue();
        if (Double.isInfinite(asDouble)) {
            return TOO_LARGE;
        }
        if (asDouble == 0.0) {
            return "number too small: it rounds to zero as an IEEE 754 double (below about 4.9e-324; RFC 7493)";
        }
        if (value.stripTrailingZeros().precision() > MAX_DIGITS) {
            return "number too precise: at most " + MAX_DIGITS + " significant digits (RFC 7493)";
        }
        return null;
    }

    /** Significant digits a number may have; see {@link #unstorableValues}. */
    static final int MAX_DIGITS = 100;
    private static final String TOO_LARGE =
            "number too large: at most about 1.8e308 in magnitude (IEEE 754 double, RFC 7493)";

    /** Adds an error when an identifier (or an event name) is longer than {@link #MAX_ID_LENGTH} characters. */
    static void tooLong(String field, String value, List<Map<String, String>> errors) {
        if (value != null && value.length() > MAX_ID_LENGTH) {
            errors.add(error(field, "at most " + MAX_ID_LENGTH + " characters"));
        }
    }

    private static String optionalText(JsonNode value) {
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }

    private static Parsed rejected(int index, String field, String message) {
        return invalid(index, List.of(error(field, message)));
    }

    private static Parsed invalid(int index, List<Map<String, String>> errors) {
        return new Parsed(null, ItemResult.rejected(index, 400, "validation", "The event has invalid fields.",
                errors));
    }

    /** @return the bytes as UTF-8 text, for messages */
    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
