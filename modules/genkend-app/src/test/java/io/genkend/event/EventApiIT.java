package io.genkend.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.genkend.event.internal.EventProperties;
import io.genkend.event.internal.EventRateLimiter;
import io.genkend.support.Http;
import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.support.TestTenants.TestTenant;
import io.genkend.tenancy.TenantContext;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.genkend.schema.Tables.EVENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/v1/events} answers: stored, duplicate, conflicting duplicate, too large, malformed, invalid,
 * wrong media type, rate-limited; per-item batch results; UTF-8 round trip. Each checks what was (not) stored.
 */
@IntegrationTest
class EventApiIT {

    @Autowired TestTenants testTenants;
    @Autowired DSLContext dsl;
    @Autowired TransactionTemplate transactions;
    @Autowired StringRedisTemplate redis;
    @Autowired EventRateLimiter limiter;
    @Autowired AcceptedEvents accepted;
    @LocalServerPort int port;

    TestTenant tenant;
    EventApi api;

    @BeforeEach
    void setUp() {
        tenant = testTenants.create("events", null);
        api = new EventApi(new Http(port), tenant.apiKey().secret());
    }

    /** A Segment track call, shaped like segment_track_02.json (Segment docs, CC BY 4.0). */
    private static Map<String, Object> track(String messageId, String event) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("type", "track");
        call.put("userId", "AiUGstSDIg");
        call.put("event", event);
        call.put("messageId", messageId);
        call.put("properties", Map.of("title", "Intro to Analytics"));
        call.put("timestamp", "2015-12-12T19:11:01.249Z");
        call.put("sentAt", "2015-12-12T19:11:01.169Z");
        return call;
    }

    @Test
    void aRepeatedMessageIdIsAnsweredWithTheOriginalIdAndStoredOnce() {
        String messageId = "ajs-" + UUID.randomUUID();
        HttpResponse<String> first = api.post(EventApi.write(track(messageId, "Course Clicked")));
        assertThat(first.statusCode()).isEqualTo(202);
        JsonNode original = EventApi.read(first.body());
        assertThat(original.get("duplicate").asBoolean()).isFalse();

        // A retry: same message, new sentAt (transport field, not part of the body's identity).
        Map<String, Object> retry = track(messageId, "Course Clicked");
        retry.put("sentAt", "2015-12-12T19:11:05.000Z");
        HttpResponse<String> again = api.post(EventApi.write(retry));
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(EventApi.read(again.body()).get("id")).isEqualTo(original.get("id"));
        assertThat(EventApi.read(again.body()).get("duplicate").asBoolean()).isTrue();

        // Without the Redis fast path, the database's unique key answers the same.
        forgetDedupCache();
        HttpResponse<String> third = api.post(EventApi.write(retry));
        assertThat(EventApi.read(third.body()).get("id")).isEqualTo(original.get("id"));
        assertThat(EventApi.read(third.body()).get("duplicate").asBoolean()).isTrue();

        assertThat(count("segment:" + messageId)).isEqualTo(1);
        assertThat(accepted.count(UUID.fromString(original.get("id").asText()))).isEqualTo(1);
    }

    @Test
    void theSameMessageIdWithAnotherBodyIsAConflictNotAMerge() {
        // Like segment_track_02 and _03 in the Segment docs: one messageId, two different events.
        String messageId = "ajs-" + UUID.randomUUID();
        assertThat(api.post(EventApi.write(track(messageId, "Course Clicked"))).statusCode()).isEqualTo(202);
        HttpResponse<String> conflict = api.post(EventApi.write(track(messageId, "Course Completed")));
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(conflict.body()).contains("duplicate-conflict", "\"field\":\"messageId\"");
        forgetDedupCache();
        assertThat(api.post(EventApi.write(track(messageId, "Course Completed"))).statusCode()).isEqualTo(409);
        assertThat(count("segment:" + messageId)).isEqualTo(1);
        assertThat(names(messageId)).containsExactly("Course Clicked");
    }

    @Test
    void cloudEventsDeduplicateOnSourceAndId() {
        String id = UUID.randomUUID().toString();
        String event = "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/workshop\","
                + "\"type\":\"repair.booked\",\"userid\":\"C-1\",\"data\":{\"part\":\"windscreen\"}}";
        HttpResponse<String> first = api.post("application/cloudevents+json", event);
        assertThat(first.statusCode()).isEqualTo(202);
        HttpResponse<String> again = api.post("application/cloudevents+json", event);
        assertThat(EventApi.read(again.body()).get("duplicate").asBoolean()).isTrue();
        String otherSource = event.replace("/workshop", "/other-system");
        assertThat(EventApi.read(api.post("application/cloudevents+json", otherSource).body())
                .get("duplicate").asBoolean()).isFalse();
        String batch = "[" + event + "," + event.replace(id, id + "-2") + "]";
        HttpResponse<String> batchAnswer = api.post("application/cloudevents-batch+json", batch);
        assertThat(batchAnswer.statusCode()).isEqualTo(202);
        JsonNode results = EventApi.read(batchAnswer.body());
        assertThat(results.get("duplicates").asInt()).isEqualTo(1);
        assertThat(results.get("accepted").asInt()).isEqualTo(1);
    }

    @Test
    void tooLargeEventsAndBatchesAre413AndNothingIsStored() {
        Map<String, Object> big = track("big-" + UUID.randomUUID(), "Big");
        big.put("properties", Map.of("blob", "x".repeat(33 * 1024)));
        HttpResponse<String> single = api.post(EventApi.write(big));
        assertThat(single.statusCode()).isEqualTo(413);
        assertThat(single.body()).contains("too-large");

        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Map<String, Object> call = track("part-" + UUID.randomUUID(), "Part");
            call.put("properties", Map.of("blob", "y".repeat(30 * 1024)));
            items.add(call);
        }
        HttpResponse<String> batch = api.post(EventApi.write(Map.of("batch", items)));
        assertThat(batch.statusCode()).isEqualTo(413);

        String okId = "ok-" + UUID.randomUUID();
        HttpResponse<String> mixed = api.post(EventApi.write(Map.of("batch", List.of(track(okId, "Fine"), big))));
        assertThat(mixed.statusCode()).isEqualTo(202);
        JsonNode body = EventApi.read(mixed.body());
        assertThat(body.get("accepted").asInt()).isEqualTo(1);
        assertThat(body.at("/results/1/status").asInt()).isEqualTo(413);
        assertThat(countByName("Big")).isZero();
        assertThat(countByName("Part")).isZero();
        assertThat(count("segment:" + okId)).isEqualTo(1);
    }

    @Test
    void malformedAndInvalidEventsAre400WithTheirFields() {
        HttpResponse<String> malformed = api.post("{\"type\": \"track\", ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("https://genkend.io/problems/malformed", "line 1");

        assertThat(fields(api.post("{\"type\":\"track\",\"event\":\"X\",\"userId\":42}"))).contains("userId");
        assertThat(fields(api.post("{\"type\":\"track\",\"event\":\"X\"}"))).contains("userId", "anonymousId");
        assertThat(fields(api.post("{\"type\":\"track\",\"event\":\"X\",\"userId\":\"u\","
                + "\"timestamp\":\"yesterday at noon\"}"))).contains("timestamp");
        assertThat(fields(api.post("{\"type\":\"purchase\",\"userId\":\"u\"}"))).contains("type");
        assertThat(fields(api.post("{\"type\":\"track\",\"userId\":\"u\",\"properties\":[1,2]}")))
                .contains("event", "properties");
        assertThat(fields(api.post("{\"type\":\"alias\",\"userId\":\"u\"}"))).contains("previousId");

        String goodId = "good-" + UUID.randomUUID();
        HttpResponse<String> batch = api.post(EventApi.write(List.of(track(goodId, "Good"),
                Map.of("type", "track", "userId", "u", "event", "Bad", "timestamp", "13/13/2013"))));
        JsonNode body = EventApi.read(batch.body());
        assertThat(batch.statusCode()).isEqualTo(202);
        assertThat(body.get("accepted").asInt()).isEqualTo(1);
        assertThat(body.get("rejected").asInt()).isEqualTo(1);
        assertThat(body.at("/results/1/status").asInt()).isEqualTo(400);
        assertThat(body.at("/results/1/errors/0/field").asText()).isEqualTo("timestamp");
        assertThat(countByName("Bad")).isZero();
    }

    @Test
    void aFullBatchOf500IsStoredWithOneResultPerItem() {
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Map<String, Object> call = track("bulk-" + UUID.randomUUID(), "Bulk");
            call.put("userId", "bulk-" + (i % 50));
            call.put("properties", Map.of("i", i));
            items.add(call);
        }
        long started = System.nanoTime();
        HttpResponse<String> answer = api.post(EventApi.write(Map.of("batch", items)));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(EventApi.read(answer.body()).get("accepted").asInt()).isEqualTo(500);
        assertThat(countByName("Bulk")).isEqualTo(500);
        // A measurement for the record, not an assertion.
        org.slf4j.LoggerFactory.getLogger(EventApiIT.class).info("Stored a batch of 500 events for 50 customers in {} ms",
                millis);
    }

    @Test
    void aWrongMediaTypeIs415() {
        HttpResponse<String> answer = api.post("text/plain", "{\"type\":\"track\"}");
        assertThat(answer.statusCode()).isEqualTo(415);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
    }

    @Test
    void aTenantOverItsRateIsAnswered429WithRetryAfterAndNothingStored() {
        limiter.override(tenant.tenant(), new EventProperties.RateLimit(3, Duration.ofHours(1)));
        try {
            assertThat(api.post(EventApi.write(List.of(track("r1-" + UUID.randomUUID(), "Rated"),
                    track("r2-" + UUID.randomUUID(), "Rated")))).statusCode()).isEqualTo(202);
            HttpResponse<String> limited = api.post(EventApi.write(List.of(track("r3-" + UUID.randomUUID(), "Rated"),
                    track("r4-" + UUID.randomUUID(), "Rated"))));
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(
                    v -> assertThat(Long.parseLong(v)).isPositive());
            assertThat(limited.body()).contains("rate-limited");
            assertThat(countByName("Rated")).isEqualTo(2);
            // other tenants are not limited by this one
            TestTenant other = testTenants.create("events-other", null);
            assertThat(new EventApi(new Http(port), other.apiKey().secret())
                    .post(EventApi.write(track("o-" + UUID.randomUUID(), "Rated"))).statusCode()).isEqualTo(202);
        } finally {
            limiter.override(tenant.tenant(), null);
        }
    }

    @Test
    void utf8AndEmojiSurviveTheRoundTrip() {
        String text = "Grüße aus Århus 🚗🔧 — 日本語 ✓";
        Map<String, Object> call = track("utf-" + UUID.randomUUID(), "Nachricht 💬");
        call.put("properties", Map.of("text", text));
        HttpResponse<String> answer = api.post(EventApi.write(call));
        assertThat(answer.statusCode()).isEqualTo(202);
        JsonNode export = EventApi.read(api.get("/api/v1/customers/AiUGstSDIg/export").body());
        boolean found = false;
        for (JsonNode event : export.get("events")) {
            if (event.get("name").asText().equals("Nachricht 💬")) {
                assertThat(event.at("/payload/properties/text").asText()).isEqualTo(text);
                found = true;
            }
        }
        assertThat(found).isTrue();
    }

    @Test
    void theOpenApiDescriptionListsTheEventAndCustomerEndpoints() {
        HttpResponse<String> docs = new Http(port).get("/v3/api-docs", "application/json");
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/v1/events", "application/cloudevents-batch+json",
                "/api/v1/customers/{id}/timeline", "/api/v1/inbound-webhooks/{source}/secret");
        assertThat(docs.body()).contains("\"title\":\"Genkend API\"", "\"scheme\":\"bearer\"");
    }

    @Test
    void withoutAnApiKeyIt401() {
        HttpResponse<String> answer = new Http(port).send(new Http(port).request("/api/v1/events")
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(answer.statusCode()).isEqualTo(401);
    }

    private static List<String> fields(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        return EventApi.read(answer.body()).get("errors").findValuesAsText("field");
    }

    private void forgetDedupCache() {
        var keys = redis.keys("genkend:event:dedup:" + tenant.tenant().id() + ":*");
        if (keys != null && !keys.isEmpty()) {
            redis.delete(keys);
        }
    }

    private int count(String dedupKey) {
        return TenantContext.callAs(tenant.tenant(), () -> transactions.execute(s ->
                dsl.fetchCount(EVENT, EVENT.DEDUP_KEY.eq(dedupKey))));
    }

    private int countByName(String name) {
        return TenantContext.callAs(tenant.tenant(), () -> transactions.execute(s ->
                dsl.fetchCount(EVENT, EVENT.NAME.eq(name))));
    }

    private List<String> names(String messageId) {
        return TenantContext.callAs(tenant.tenant(), () -> transactions.execute(s ->
                dsl.select(EVENT.NAME).from(EVENT).where(EVENT.DEDUP_KEY.eq("segment:" + messageId))
                        .fetch(EVENT.NAME)));
    }
}
