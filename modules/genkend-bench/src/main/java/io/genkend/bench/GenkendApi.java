package io.genkend.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
     * Deploys a journey model: {@code POST /api/v1/journeys}, {@code multipart/form-data} with the model in the part
     * {@code file} (RFC 7578).
     *
     * @param fileName the file name the model is deployed under
     * @param model    the BPMN XML
     * @return the HTTP status and body (201 for a new version; 200 or 201 when the model is deployed already), or
     *         status -1 with the exception's message when the connection failed
     */
    public Answer deploy(String fileName, byte[] model) {
        String boundary = "genkend-bench-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/xml\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + model.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(model, 0, body, head.length, model.length);
        System.arraycopy(tail, 0, body, head.length + model.length, tail.length);
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/journeys"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + apiKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(-1, String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted");
        }
    }

    /**
     * An answer of the API.
     *
     * @param status the HTTP status, or -1 when the connection failed
     * @param body   the body (a problem document when refused)
     */
    public record Answer(int status, String body) {
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
