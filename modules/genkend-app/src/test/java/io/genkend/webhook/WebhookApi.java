package io.genkend.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.support.Http;
import io.genkend.support.TestTenants.TestTenant;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/** Calls the webhook API of one tenant over real HTTP and reads the answers as JSON. */
final class WebhookApi {

    private final Http http;
    private final String key;
    private final ObjectMapper mapper;

    WebhookApi(Http http, TestTenant tenant, ObjectMapper mapper) {
        this.http = http;
        this.key = tenant.apiKey().secret();
        this.mapper = mapper;
    }

    HttpResponse<String> call(String method, String path, Object body) {
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body));
            return http.send(http.request("/api/v1/webhooks" + path).header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .method(method, publisher).build());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode json(String method, String path, Object body, int expectedStatus) {
        HttpResponse<String> response = call(method, path, body);
        if (response.statusCode() != expectedStatus) {
            throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        try {
            return response.body().isEmpty() ? null : mapper.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates a subscription; returns the answer with {@code subscription} and {@code secret}. */
    JsonNode subscribe(String url, String... eventTypes) {
        return json("POST", "/subscriptions", Map.of("url", url, "eventTypes", List.of(eventTypes)), 201);
    }

    JsonNode subscription(String id) {
        return json("GET", "/subscriptions/" + id, null, 200);
    }

    JsonNode deliveries(String subscriptionId) {
        return json("GET", "/subscriptions/" + subscriptionId + "/deliveries", null, 200);
    }

    JsonNode onlyDelivery(String subscriptionId) {
        JsonNode list = deliveries(subscriptionId);
        if (list.size() != 1) {
            throw new AssertionError("Expected one delivery, got " + list);
        }
        return delivery(subscriptionId, list.get(0).get("id").asText());
    }

    JsonNode delivery(String subscriptionId, String deliveryId) {
        return json("GET", "/subscriptions/" + subscriptionId + "/deliveries/" + deliveryId, null, 200);
    }
}
