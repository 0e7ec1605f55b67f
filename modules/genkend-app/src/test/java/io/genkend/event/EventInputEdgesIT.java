package io.genkend.event;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.springframework.transaction.support.TransactionTemplate;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.genkend.schema.Tables.EVENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input PostgreSQL cannot store is refused as 400 naming the field, never a 500: the NUL character U+0000 in any
 * string or field name, and date-times that are not RFC 3339 with a 4-digit year. Nothing of such an item is
 * stored.
 */
@IntegrationTest
class EventInputEdgesIT {

    @Autowired TestTenants testTenants;
    @Autowired DSLContext dsl;
    @Autowired TransactionTemplate transactions;
    @LocalServerPort int port;

    TestTenant tenant;
    EventApi api;

    @BeforeEach
    void setUp() {
        tenant = testTenants.create("edges", null);
        api = new EventApi(new Http(port), tenant.apiKey().secret());
    }

    private static Map<String, Object> track(String messageId) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("type", "track");
        call.put("userId", "u-1");
        call.put("event", "Edge Tested");
        call.put("messageId", messageId);
        call.put("properties", Map.of("title", "ok"));
        call.put("timestamp", "2026-11-29T12:00:00.123Z");
        return call;
    }

    private static JsonNode problem(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        return EventApi.read(answer.body());
    }

    private static List<String> fields(JsonNode problem) {
        return problem.get("errors").findValuesAsText("field");
    }

    @Test
    void aNumberBeyondADoublesRangeIs400NamingItsPathAndTheCustomersDataStaysReadable() {
        String id = "num-" + UUID.randomUUID();
        String tooBig = "{\"type\":\"track\",\"userId\":\"" + id + "\",\"event\":\"Edge Tested\",\"messageId\":\""
                + id + "-a\",\"properties\":{\"ok\":1.5,\"n\":1e9999}}";
        assertThat(fields(problem(api.post(tooBig)))).containsExactly("properties.n");
        String unwritable = tooBig.replace("1e9999", "[1, -1e10000]").replace("-a\"", "-b\"");
        assertThat(fields(problem(api.post(unwritable)))).as("too large even to measure: 400, not a 500")
                .containsExactly("properties.n[1]");
        String tiny = tooBig.replace("1e9999", "1e-400").replace("-a\"", "-c\"");
        assertThat(fields(problem(api.post(tiny)))).containsExactly("properties.n");
        String trait = "{\"type\":\"identify\",\"userId\":\"" + id + "\",\"messageId\":\"" + id
                + "-d\",\"traits\":{\"n\":1e1500}}";
        assertThat(fields(problem(api.post(trait)))).containsExactly("traits.n");
        // in a double's range but 900 digits long: about 1,200 digits in plain notation, past Jackson's read limit
        String precise = trait.replace("1e1500", "0." + "1".repeat(900) + "e-300").replace("-d\"", "-f\"");
        assertThat(problem(api.post(precise)).toString()).contains("traits.n", "significant digits");
        assertThat(api.get("/api/v1/customers/" + id).statusCode()).as("nothing of the refused items was stored")
                .isEqualTo(404);

        String large = tooBig.replace("1e9999", "[1e308, 1.7976931348623158e308, 4.9e-324, 12345678901234567890123]")
                .replace("-a\"", "-e\"");
        assertThat(api.post(large).statusCode()).as("a double's range, and long integer ids, are fine")
                .isEqualTo(202);
        assertThat(api.get("/api/v1/customers/" + id + "/timeline").statusCode()).isEqualTo(200);
        assertThat(api.get("/api/v1/customers/" + id + "/export").statusCode()).isEqualTo(200);
    }

    @Test
    void anUnpairedSurrogateIs400NotAQuestionMarkThatMergesCustomers() {
        String id = "sur-" + UUID.randomUUID();
        String lone = "{\"type\":\"track\",\"userId\":\"" + id + "\\udc00\",\"event\":\"Edge Tested\","
                + "\"messageId\":\"" + id + "-a\",\"properties\":{\"s\":\"\\ud800\",\"pair\":\"\\ud83d\\ude00\"}}";
        JsonNode refused = problem(api.post(lone));
        // (in a field name Jackson refuses it itself: 400 malformed)
        assertThat(fields(refused)).as(refused.toString()).containsExactlyInAnyOrder("userId", "properties.s");
        assertThat(api.get("/api/v1/customers/" + id + "%3F").statusCode()).as("nothing stored as '?'")
                .isEqualTo(404);
        String paired = lone.replace("\\udc00", "").replace("\"s\":\"\\ud800\",", "");
        assertThat(api.post(paired).statusCode()).as("a surrogate pair (an emoji) is a character").isEqualTo(202);
    }

    @Test
    void aNulCharacterAnywhereIs400NamingItsPathAndNothingIsStored() {
        String id = "nul-" + UUID.randomUUID();
        Map<String, Object> inUserId = track(id + "-a");
        inUserId.put("userId", "u\u0000x");
        assertThat(fields(problem(api.post(EventApi.write(inUserId))))).containsExactly("userId");

        Map<String, Object> inName = track(id + "-b");
        inName.put("event", "Edge\u0000Tested");
        assertThat(fields(problem(api.post(EventApi.write(inName))))).containsExactly("event");

        Map<String, Object> inProperty = track(id + "-c");
        inProperty.put("properties", Map.of("x", "a\u0000b", "list", List.of("ok", Map.of("deep", "\u0000"))));
        assertThat(fields(problem(api.post(EventApi.write(inProperty)))))
                .containsExactlyInAnyOrder("properties.x", "properties.list[1].deep");

        Map<String, Object> inKey = track(id + "-d");
        inKey.put("properties", Map.of("bad\u0000key", 1));
        JsonNode keyProblem = problem(api.post(EventApi.write(inKey)));
        assertThat(keyProblem.at("/errors/0/message").asText()).contains("U+0000");

        Map<String, Object> identify = new LinkedHashMap<>();
        identify.put("type", "identify");
        identify.put("userId", "u-2");
        identify.put("messageId", id + "-e");
        identify.put("traits", Map.of("email", "a\u0000@example.com"));
        assertThat(fields(problem(api.post(EventApi.write(identify))))).containsExactly("traits.email");

        // CloudEvents: an attribute and data
        String cloudEvent = """
                {"specversion": "1.0", "id": "%s", "source": "/edges", "type": "edge.tested",
                 "data": {"note": "a\\u0000b"}}""".formatted(id + "-f");
        assertThat(fields(problem(api.post("application/cloudevents+json", cloudEvent))))
                .containsExactly("data.note");

        // a batch: the bad item is a 400 item, the good one stored
        HttpResponse<String> batch = api.post(EventApi.write(Map.of("batch",
                List.of(track(id + "-g"), inUserId))));
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(202);
        JsonNode results = EventApi.read(batch.body());
        assertThat(results.get("accepted").asInt()).isEqualTo(1);
        assertThat(results.at("/results/1/status").asInt()).isEqualTo(400);
        assertThat(results.at("/results/1/errors").findValuesAsText("field")).containsExactly("userId");

        for (String suffix : List.of("-a", "-b", "-c", "-d", "-e")) {
            assertThat(count("segment:" + id + suffix)).as(suffix).isZero();
        }
        assertThat(count("cloudevents:/edges " + id + "-f")).isZero();
        assertThat(count("segment:" + id + "-g")).isEqualTo(1);
    }

    @Test
    void timestampsMustBeRfc3339WithAFourDigitYear() {
        String id = "time-" + UUID.randomUUID();
        Map<String, String> refused = Map.of(
                "timestamp", "+999999999-12-31T23:59:59Z",
                "sentAt", "+20000-01-01T00:00:00Z",
                "originalTimestamp", "0000-01-01T00:00:00Z",
                "receivedAt", "2026-11-29 12:00:00Z");
        int n = 0;
        for (var entry : refused.entrySet()) {
            Map<String, Object> call = track(id + "-" + n++);
            call.put(entry.getKey(), entry.getValue());
            JsonNode problem = problem(api.post(EventApi.write(call)));
            assertThat(fields(problem)).as(entry.toString()).containsExactly(entry.getKey());
        }
        String cloudEvent = """
                {"specversion": "1.0", "id": "%s", "source": "/edges", "type": "edge.tested",
                 "time": "+999999999-12-31T23:59:59Z"}""".formatted(id + "-ce");
        assertThat(fields(problem(api.post("application/cloudevents+json", cloudEvent)))).containsExactly("time");

        HttpResponse<String> batch = api.post(EventApi.write(Map.of("batch", List.of(
                Map.of("type", "track", "userId", "u", "event", "E", "messageId", id + "-b",
                        "timestamp", "+20000-01-01T00:00:00Z")))));
        assertThat(batch.statusCode()).isEqualTo(202);
        assertThat(EventApi.read(batch.body()).at("/results/0/status").asInt()).isEqualTo(400);

        for (int i = 0; i < n; i++) {
            assertThat(count("segment:" + id + "-" + i)).isZero();
        }
        assertThat(count("segment:" + id + "-b")).isZero();

        // the edges of the range and offsets are fine
        Map<String, Object> early = track(id + "-early");
        early.put("timestamp", "0001-01-01T00:00:00Z");
        assertThat(api.post(EventApi.write(early)).statusCode()).isEqualTo(202);
        Map<String, Object> late = track(id + "-late");
        late.put("timestamp", "9999-12-31T23:59:59.999999+00:00");
        assertThat(api.post(EventApi.write(late)).statusCode()).isEqualTo(202);
        assertThat(count("segment:" + id + "-late")).isEqualTo(1);
    }

    @Test
    void aFactWithAHugeCategoryIsSkippedAndTheEventStored() {
        String id = "fact-" + UUID.randomUUID();
        Map<String, Object> bought = track(id);
        bought.put("event", "gizmo.bought");
        // random text: a repetitive one would be compressed below the btree entry limit (2704 bytes)
        StringBuilder random = new StringBuilder();
        while (random.length() < 3000) {
            random.append(UUID.randomUUID());
        }
        bought.put("properties", Map.of("category", random.toString(), "offerCode", random.toString()));
        HttpResponse<String> answer = api.post(EventApi.write(bought));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(count("segment:" + id)).isEqualTo(1);
        Map<String, Object> again = track(id + "-again");
        again.put("event", "gizmo.bought");
        again.put("properties", Map.of("category", "gizmos"));
        assertThat(api.post(EventApi.write(again)).statusCode()).isEqualTo(202);
        assertThat(count("segment:" + id + "-again")).isEqualTo(1);
    }

    @Test
    void aTrackWithAnEmptyEventNameIs400NamingTheField() {
        for (String empty : List.of("", "   ")) {
            Map<String, Object> call = track("empty-" + UUID.randomUUID());
            call.put("event", empty);
            assertThat(fields(problem(api.post(EventApi.write(call))))).containsExactly("event");
        }
    }

    @Test
    void longIdentifiersAre400NamingTheField() {
        String id = "ids-" + UUID.randomUUID();
        String huge = "x".repeat(4000);
        int n = 0;
        for (String field : List.of("userId", "anonymousId")) {
            Map<String, Object> call = track(id + "-" + n++);
            call.put(field, huge);
            assertThat(fields(problem(api.post(EventApi.write(call))))).as(field).containsExactly(field);
        }
        Map<String, Object> alias = new LinkedHashMap<>();
        alias.put("type", "alias");
        alias.put("userId", "u-1");
        alias.put("previousId", huge);
        alias.put("messageId", id + "-" + n++);
        assertThat(fields(problem(api.post(EventApi.write(alias))))).containsExactly("previousId");
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("type", "group");
        group.put("userId", "u-1");
        group.put("groupId", huge);
        group.put("messageId", id + "-" + n++);
        assertThat(fields(problem(api.post(EventApi.write(group))))).containsExactly("groupId");
        String cloudEvent = """
                {"specversion": "1.0", "id": "%s", "source": "/edges", "type": "edge.tested", "userid": "%s"}"""
                .formatted(id + "-ce", huge);
        assertThat(fields(problem(api.post("application/cloudevents+json", cloudEvent)))).containsExactly("userid");
        Map<String, Object> longName = track(id + "-" + n++);
        longName.put("event", "e".repeat(256));
        assertThat(fields(problem(api.post(EventApi.write(longName))))).as("a track's event name")
                .containsExactly("event");
        String longType = """
                {"specversion": "1.0", "id": "%s", "source": "/edges", "type": "%s", "userid": "u-1"}"""
                .formatted(id + "-ce-type", "t".repeat(256));
        assertThat(fields(problem(api.post("application/cloudevents+json", longType)))).containsExactly("type");
        assertThat(count("cloudevents:/edges " + id + "-ce-type")).isZero();
        for (int i = 0; i < n; i++) {
            assertThat(count("segment:" + id + "-" + i)).isZero();
        }
        assertThat(count("cloudevents:/edges " + id + "-ce")).isZero();

        Map<String, Object> atTheLimit = track(id + "-ok");
        atTheLimit.put("userId", "u".repeat(255));
        atTheLimit.put("event", "e".repeat(255));
        assertThat(api.post(EventApi.write(atTheLimit)).statusCode()).isEqualTo(202);
        assertThat(count("segment:" + id + "-ok")).isEqualTo(1);
    }

    private int count(String dedupKey) {
        return TenantContext.callAs(tenant.tenant(), () -> transactions.execute(s ->
                dsl.fetchCount(EVENT, EVENT.DEDUP_KEY.eq(dedupKey))));
    }
}
