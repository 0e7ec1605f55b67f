package io.genkend.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Reading fields of a native webhook payload for an {@link InboundEventMapper}, exactly: ids of any size become
 * their decimal text (never through a double, so Shopify's ids above 2^53 keep every digit), amounts become
 * {@link BigDecimal}. Paths are dotted ({@code customer.id}); every failure is an {@link InboundPayloadException}
 * naming the path.
 */
public final class PayloadFields {

    private PayloadFields() {
    }

    /** @return the node at the dotted path, or {@code null} when absent or JSON null */
    public static JsonNode at(JsonNode payload, String path) {
        JsonNode node = payload;
        for (String part : path.split("\\.")) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(part);
        }
        return node == null || node.isNull() ? null : node;
    }

    /**
     * @return an id as exact decimal text (from a JSON string or an integral number of any size), or {@code null}
     * @throws InboundPayloadException when it is neither
     */
    public static String id(JsonNode payload, String path) {
        JsonNode node = at(payload, path);
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText().isBlank() ? null : node.asText();
        }
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        if (node.isNumber()) {
            try {
                return node.decimalValue().toBigIntegerExact().toString();
            } catch (ArithmeticException e) {
                throw new InboundPayloadException(path, path + " must be an integral id");
            }
        }
        throw new InboundPayloadException(path, path + " must be a string or an integer id");
    }

    /** @return the id, or throws naming the path when it is missing */
    public static String requiredId(JsonNode payload, String path) {
        String id = id(payload, path);
        if (id == null) {
            throw new InboundPayloadException(path, path + " is required");
        }
        return id;
    }

    /** @return the text at the path, or {@code null} when absent or blank */
    public static String text(JsonNode payload, String path) {
        JsonNode node = at(payload, path);
        if (node == null) {
            return null;
        }
        if (!node.isValueNode()) {
            throw new InboundPayloadException(path, path + " must be a string");
        }
        return node.asText().isBlank() ? null : node.asText();
    }

    /** @return the text, or throws naming the path when it is missing */
    public static String requiredText(JsonNode payload, String path) {
        String text = text(payload, path);
        if (text == null) {
            throw new InboundPayloadException(path, path + " is required");
        }
        return text;
    }

    /** @return an exact decimal from a JSON number or numeric string, or {@code null} when absent */
    public static BigDecimal decimal(JsonNode payload, String path) {
        JsonNode node = at(payload, path);
        if (node == null) {
            return null;
        }
        try {
            return node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText().trim());
        } catch (NumberFormatException e) {
            throw new InboundPayloadException(path, path + " must be a decimal number");
        }
    }

    /**
     * @return an instant from an ISO-8601 date-time with offset, or a date (taken as midnight UTC); {@code null}
     *         when absent
     */
    public static Instant instant(JsonNode payload, String path) {
        String text = text(payload, path);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notDateTime) {
            try {
                return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new InboundPayloadException(path, path + " must be an ISO-8601 date-time with offset");
            }
        }
    }
}
