package io.genkend.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genkend.support.Http;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * Test client of the event and customer APIs over real HTTP, with exact-number JSON (BigDecimal/BigInteger) and
 * Standard Webhooks signing; and access to ../shared/data/events when present.
 */
public final class EventApi {

    /** Where the shared test data lives relative to the module (modules/genkend-app → project's sibling). */
    public static final Path SHARED_EVENTS = Path.of("../../../shared/data/events");

    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final Http http;
    private final String apiKey;

    public EventApi(Http http, String apiKey) {
        this.http = http;
        this.apiKey = apiKey;
    }

    public HttpResponse<String> post(String contentType, String body) {
        return http.send(http.request("/api/v1/events").header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", contentType).header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    public HttpResponse<String> post(String body) {
        return post("application/json", body);
    }

    public HttpResponse<String> post(JsonNode body) {
        return post("application/json", write(body));
    }

    public HttpResponse<String> get(String path) {
        return http.getWithKey(path, apiKey);
    }

    public HttpResponse<String> put(String path, String body) {
        return http.send(http.request(path).header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    public HttpResponse<String> delete(String path) {
        return http.send(http.request(path).header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json").DELETE().build());
    }

    /** Posts a body to an inbound webhook, signed with {@code secret} as Standard Webhooks prescribes. */
    public HttpResponse<String> hook(String tenantSlug, String source, String secret, String webhookId,
                                     long timestamp, byte[] body) {
        String signature = "v1," + sign(secret, webhookId, Long.toString(timestamp), body);
        return http.send(http.request("/hooks/" + tenantSlug + "/" + source)
                .header("Content-Type", "application/json").header("webhook-id", webhookId)
                .header("webhook-timestamp", Long.toString(timestamp)).header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    public HttpResponse<String> hook(String tenantSlug, String source, String secret, byte[] body) {
        return hook(tenantSlug, source, secret, "msg_" + UUID.randomUUID(), Instant.now().getEpochSecond(), body);
    }

    /** @return a fresh secret set for the source, through the API */
    public String newHookSecret(String source) {
        HttpResponse<String> answer = put("/api/v1/inbound-webhooks/" + source + "/secret", "{}");
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(answer.body());
        }
        return read(answer.body()).get("secret").asText();
    }

    public static String sign(String secret, String id, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())),
                    "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Not JSON: " + json, e);
        }
    }

    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode object(Map<String, Object> fields) {
        return JSON.valueToTree(fields);
    }

    public static JsonNode readFile(Path file) {
        try {
            return JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
