package io.genkend.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for Genkend's {@code POST /api/v1/events} on a real local HTTP server (MockWebServer): it stores
 * messageIds, answers 202 with per-item results (duplicates marked), refuses items whose event is
 * {@code invalid.event} with a 400 problem for the whole batch, and can be told to fail, to throttle once or to
 * drop the connection after storing a batch. It records every batch it was sent.
 */
final class FakeGenkend extends Dispatcher {

    final Set<String> stored = Collections.synchronizedSet(new LinkedHashSet<>());
    final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger answerBeforeFailing = new AtomicInteger(Integer.MAX_VALUE);
    final AtomicInteger dropAfterStoring = new AtomicInteger();
    final AtomicInteger throttleOnce = new AtomicInteger();
    volatile String expectedKey = "gk_test";

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if (!("Bearer " + expectedKey).equals(request.getHeader("Authorization"))) {
            return problem(401, "Missing or invalid API key");
        }
        JsonNode body;
        try {
            body = Segment.JSON.readTree(request.getBody().readUtf8());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> ids = new ArrayList<>();
        body.path("batch").forEach(e -> ids.add(e.path("messageId").asText()));
        batches.add(ids);
        if (throttleOnce.getAndSet(0) > 0) {
            return new MockResponse().setResponseCode(429).setHeader("Retry-After", "2");
        }
        if (answerBeforeFailing.getAndDecrement() <= 0) {
            return problem(503, "Service unavailable");
        }
        for (JsonNode event : body.path("batch")) {
            if (event.path("event").asText().equals("invalid.event")) {
                return problem(400, "The event name is not allowed");
            }
        }
        ObjectNode answer = Segment.JSON.createObjectNode();
        ArrayNode results = answer.putArray("results");
        for (String id : ids) {
            boolean duplicate = !stored.add(id);
            results.addObject().put("messageId", id).put("status", "accepted").put("duplicate", duplicate)
                    .put("eventId", "e-" + id);
        }
        if (dropAfterStoring.getAndDecrement() > 0) {
            return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
        }
        return new MockResponse().setResponseCode(202).setHeader("Content-Type", "application/json")
                .setBody(answer.toString());
    }

    private static MockResponse problem(int status, String detail) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/problem+json")
                .setBody("{\"type\":\"https://genkend.io/problems/x\",\"title\":\"x\",\"status\":" + status
                        + ",\"detail\":\"" + detail + "\",\"errors\":[{\"field\":\"event\",\"message\":\"not allowed\"}]}");
    }
}
