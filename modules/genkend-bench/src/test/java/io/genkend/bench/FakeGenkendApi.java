package io.genkend.bench;

import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for Genkend on a real local HTTP server: answers events with 202 (every {@code throttleEvery}-th
 * with 429), and a customer's timeline with an {@code outreach} entry 5 ms after the event arrived; also the
 * customer ({@code id} = {@code id-<userId>}) and its decisions ({@code ?customerId=}), decided 5 ms after arrival.
 */
final class FakeGenkendApi extends Dispatcher {

    final Map<String, Instant> received = new ConcurrentHashMap<>();
    final AtomicInteger events = new AtomicInteger();
    volatile int throttleEvery = 0;
    volatile boolean decides = true;
    /** When positive, the server decides only this many events per second (the n-th accepted n / rate s after the first). */
    volatile double decisionsPerSecond = 0;
    private final Map<String, Integer> acceptOrder = new ConcurrentHashMap<>();
    private final AtomicInteger acceptedCount = new AtomicInteger();
    private volatile long firstAcceptNanos;
    /** Event names and user ids of the accepted track calls, as {@code name userId}. */
    final java.util.Queue<String> tracked = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Bodies and content types of {@code POST /api/v1/journeys}. */
    final java.util.Queue<String> deployed = new java.util.concurrent.ConcurrentLinkedQueue<>();

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        if (request.getMethod().equals("POST") && path.equals("/api/v1/events")) {
            int n = events.incrementAndGet();
            if (throttleEvery > 0 && n % throttleEvery == 0) {
                return new MockResponse().setResponseCode(429).setHeader("Retry-After", "1");
            }
            String body = request.getBody().readUtf8();
            String userId = body.replaceAll(".*\"userId\":\"([^\"]+)\".*", "$1");
            tracked.add(body.replaceAll(".*\"event\":\"([^\"]+)\".*", "$1") + " " + userId);
            received.putIfAbsent(userId, Instant.now());
            int index = acceptedCount.getAndIncrement();
            if (index == 0) {
                firstAcceptNanos = System.nanoTime();
            }
            acceptOrder.putIfAbsent(userId, index);
            return new MockResponse().setResponseCode(202).setBody("{\"results\":[{\"status\":\"accepted\"}]}");
        }
        if (request.getMethod().equals("POST") && path.equals("/api/v1/journeys")) {
            deployed.add(request.getHeader("Content-Type") + "\n" + request.getBody().readUtf8());
            return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json")
                    .setBody("{\"journeys\":[{\"key\":\"benchFloor\"}],\"findings\":[]}");
        }
        if (request.getMethod().equals("GET") && path.startsWith("/api/v1/decisions?customerId=id-")) {
            String userId = path.substring("/api/v1/decisions?customerId=id-".length());
            Instant at = received.get(userId);
            Integer index = acceptOrder.get(userId);
            if (decisionsPerSecond > 0 && index != null
                    && System.nanoTime() < firstAcceptNanos + (long) (index * 1e9 / decisionsPerSecond)) {
                at = null; // not decided yet: the server is behind
            }
            String decisions = at == null || !decides ? "[]"
                    : "[{\"decision\":{\"offerCode\":\"taxi\"},\"decidedAt\":\"" + at.plusMillis(5) + "\"}]";
            return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                    .setBody(decisions);
        }
        if (request.getMethod().equals("GET") && path.startsWith("/api/v1/customers/") && !path.contains("/timeline")) {
            String userId = path.substring("/api/v1/customers/".length());
            return received.containsKey(userId)
                    ? new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                    .setBody("{\"id\":\"id-" + userId + "\"}")
                    : new MockResponse().setResponseCode(404);
        }
        if (request.getMethod().equals("GET") && path.startsWith("/api/v1/customers/")) {
            String userId = path.substring("/api/v1/customers/".length(), path.indexOf("/timeline"));
            Instant at = received.get(userId);
            if (at == null) {
                return new MockResponse().setResponseCode(404);
            }
            String entries = decides
                    ? "[{\"at\":\"" + at.plusMillis(5) + "\",\"id\":\"o1\",\"kind\":\"outreach\",\"title\":\"taxi\"},"
                    + "{\"at\":\"" + at + "\",\"id\":\"e1\",\"kind\":\"event\",\"title\":\"repair.booked\"}]"
                    : "[{\"at\":\"" + at + "\",\"id\":\"e1\",\"kind\":\"event\",\"title\":\"repair.booked\"}]";
            return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                    .setBody("{\"customerId\":\"c\",\"entries\":" + entries + "}");
        }
        return new MockResponse().setResponseCode(404);
    }
}
