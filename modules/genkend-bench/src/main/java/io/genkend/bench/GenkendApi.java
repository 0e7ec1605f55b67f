package io.genkend.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/** The few calls of Genkend's public HTTP API the load driver makes, over HTTP/1.1 with the tenant's key. */
public final class GenkendApi {

    /** The JSON mapper of the driver. */
    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI base;
    private final String apiKey;

    /**
     * @param base   Genkend's base URL
     * @param apiKey the tenant's API key
     */
    public GenkendApi(URI base, String apiKey) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.base = base;
        this.apiKey = apiKey;
    }

    /**
     * Sends one Segment {@code track} call to {@code POST /api/v1/events}.
     *
     * @return the HTTP status (202 when stored), or -1 when the connection failed
     */
    public int track(String userId, String event, ObjectNode properties) {
        ObjectNode call = JSON.createObjectNode();
        call.put("type", "track");
        call.put("event", event);
        call.put("userId", userId);
        call.put("messageId", UUID.randomUUID().toString());
        call.set("properties", properties);
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/events"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(call.toString()))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * {@code GET} a path of the API.
     *
     * @return the JSON answer, or {@code null} unless the status was 200
     */
    public JsonNode get(String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + apiKey)
                .GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
