package io.genkend.customer.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jooq.JSONB;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Converts trait maps to and from {@code jsonb} without losing numbers: decimals are read as
 * {@link java.math.BigDecimal} and written plainly, integers above 2^63 as {@link java.math.BigInteger}.
 */
@Component
class JsonColumns {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    JsonColumns(ObjectMapper mapper) {
        this.mapper = mapper.copy().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    }

    JSONB write(Object value) {
        try {
            return JSONB.valueOf(mapper.writeValueAsString(value == null ? Map.of() : value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not serialisable as JSON: " + e.getOriginalMessage(), e);
        }
    }

    Map<String, Object> read(JSONB value) {
        if (value == null) {
            return new LinkedHashMap<>();
        }
        try {
            return mapper.readValue(value.data(), MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON is not an object", e);
        }
    }
}
