package io.genkend.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genkend.schema.tables.records.EventRecord;
import io.genkend.support.Http;
import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.support.TestTenants.TestTenant;
import io.genkend.tenancy.TenantContext;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static io.genkend.schema.Tables.CUSTOMER;
import static io.genkend.schema.Tables.EVENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file in ../shared/data/events, as published: valid Segment and CloudEvents examples are stored with the
 * right customer and properties; {@code fail_*}, {@code *_invalid} and other non-events are refused with a
 * field-level reason; the Shopify order goes through the grocer's inbound webhook: skipped as the test order it
 * is, a cancellation when it is not a test, a purchase when paid, its ids exact. Skipped,
 * saying so, when ../shared is absent.
 */
@IntegrationTest
class SharedEventDataIT {

    @Autowired TestTenants testTenants;
    @Autowired DSLContext dsl;
    @Autowired TransactionTemplate transactions;
    @Autowired AcceptedEvents accepted;
    @LocalServerPort int port;

    TestTenant tenant;
    EventApi api;

    @BeforeEach
    void setUp() {
        Assumptions.assumeTrue(Files.isDirectory(EventApi.SHARED_EVENTS),
                "../shared/data/events is absent (" + EventApi.SHARED_EVENTS.toAbsolutePath().normalize()
                        + "): skipping the shared-data event tests");
        tenant = testTenants.create("shared", "grocer");
        api = new EventApi(new Http(port), tenant.apiKey().secret());
    }

    @Test
    void everySharedEventFileIsStoredOrRefusedWithAReason() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(EventApi.SHARED_EVENTS)) {
            files = walk.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        List<String> handled = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            JsonNode content = EventApi.readFile(file);
            if (name.startsWith("segment_") && content.isArray()) {
                segmentBatch(content);
            } else if (name.startsWith("segment_")) {
                segmentCall(name, (ObjectNode) content);
            } else if (name.startsWith("fail_") || name.contains("_invalid") || name.equals("cloudevents.schema.json")
                    || name.equals("spec_json-format_01.json")) {
                refusedCloudEvent(name, file);
            } else if (file.getParent().getFileName().toString().equals("cloudevents")) {
                storedCloudEvent(name, (ObjectNode) content);
            } else if (name.startsWith("shopify_")) {
                shopifyOrderThroughTheGrocersWebhook(file);
            } else if (file.getParent().getFileName().toString().equals("stripe")) {
                // A Stripe event is neither a Segment call nor a CloudEvent, and no pack maps Stripe.
                HttpResponse<String> answer = api.post(Files.readString(file));
                assertThat(answer.statusCode()).as(name).isEqualTo(400);
                assertThat(answer.body()).as(name).contains("\"field\":\"type\"", "charge.succeeded");
            } else {
                throw new AssertionError("No expectation for shared event file " + file);
            }
            handled.add(name);
        }
        assertThat(handled).hasSize(files.size());
    }

    private void segmentCall(String name, ObjectNode call) {
        boolean namesCustomer = call.hasNonNull("userId") || call.hasNonNull("anonymousId");
        if (!namesCustomer && !call.path("type").asText().equals("alias")) {
            // The docs' snippets leave the ids to the analytics library; without one the API refuses.
            HttpResponse<String> refused = api.post(call);
            assertThat(refused.statusCode()).as(name).isEqualTo(400);
            assertThat(refused.body()).as(name).contains("\"field\":\"userId\"", "\"field\":\"anonymousId\"");
            call.put("anonymousId", "anon-" + name);
        }
        HttpResponse<String> answer = api.post(call);
        assertThat(answer.statusCode()).as(name + ": " + answer.body()).isEqualTo(202);
        UUID id = UUID.fromString(EventApi.read(answer.body()).get("id").asText());
        EventRecord stored = event(id);
        String type = call.get("type").asText();
        assertThat(stored.getKind()).isEqualTo(type);
        assertThat(stored.getCustomerId()).as(name).isNotNull();
        String userId = call.hasNonNull("userId") ? call.get("userId").asText() : null;
        if (userId != null) {
            assertThat(customerUserId(stored.getCustomerId())).as(name).isEqualTo(userId);
        }
        JsonNode properties = EventApi.read(stored.getProperties().data());
        switch (type) {
            case "track" -> {
                assertThat(stored.getName()).isEqualTo(call.get("event").asText());
                assertThat(properties).isEqualTo(call.has("properties") ? call.get("properties")
                        : EventApi.JSON.createObjectNode());
            }
            case "identify" -> assertThat(properties).isEqualTo(call.get("traits"));
            case "page" -> assertThat(properties.get("title")).isEqualTo(call.at("/properties/title"));
            case "alias" -> assertThat(properties.get("previousId").asText()).isEqualTo(call.get("previousId").asText());
            default -> {
            }
        }
        assertThat(accepted.count(id)).isEqualTo(1);
        assertThat(accepted.get(id).customerId()).isEqualTo(stored.getCustomerId());
    }

    private void segmentBatch(JsonNode calls) {
        ArrayNode batch = EventApi.JSON.createArrayNode();
        for (int i = 0; i < calls.size(); i++) {
            ObjectNode call = ((ObjectNode) calls.get(i)).deepCopy();
            call.put("anonymousId", "ecommerce-shopper");
            batch.add(call);
        }
        HttpResponse<String> answer = api.post(EventApi.JSON.createObjectNode().set("batch", batch));
        assertThat(answer.statusCode()).isEqualTo(202);
        JsonNode body = EventApi.read(answer.body());
        assertThat(body.get("accepted").asInt()).as(answer.body()).isEqualTo(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            EventRecord stored = event(UUID.fromString(body.get("results").get(i).get("id").asText()));
            assertThat(stored.getName()).isEqualTo(calls.get(i).get("event").asText());
            assertThat(EventApi.read(stored.getProperties().data())).isEqualTo(calls.get(i).get("properties"));
        }
        var customers = TenantContext.callAs(tenant.tenant(), () -> transactions.execute(s -> dsl
                .selectDistinct(EVENT.CUSTOMER_ID).from(EVENT).where(EVENT.NAME.eq("Order Completed")).fetch()));
        assertThat(customers).hasSize(1);
    }

    private final java.util.Set<String> cloudEventKeys = new java.util.HashSet<>();

    private void storedCloudEvent(String name, ObjectNode event) {
        EventApi api = this.api;
        String key = event.get("source").asText() + " " + event.get("id").asText();
        if (!cloudEventKeys.add(key)) {
            // The SDK's fixtures json_data.json and min.json share source and id with different bodies: within
            // one tenant that is a conflict (never a silent merge); on its own the event is valid.
            HttpResponse<String> conflict = api.post("application/cloudevents+json", EventApi.write(event));
            assertThat(conflict.statusCode()).as(name + ": " + conflict.body()).isEqualTo(409);
            assertThat(conflict.body()).contains("duplicate-conflict");
            tenant = testTenants.create("shared-ce", "grocer");
            api = new EventApi(new Http(port), tenant.apiKey().secret());
            this.api = api;
        }
        HttpResponse<String> answer = api.post("application/cloudevents+json", EventApi.write(event));
        assertThat(answer.statusCode()).as(name + ": " + answer.body()).isEqualTo(202);
        EventRecord stored = event(UUID.fromString(EventApi.read(answer.body()).get("id").asText()));
        assertThat(stored.getName()).isEqualTo(event.get("type").asText());
        assertThat(stored.getDedupKey()).isEqualTo("cloudevents:" + event.get("source").asText() + " "
                + event.get("id").asText());
        assertThat(stored.getCustomerId()).as("a CloudEvent without userid names no customer").isNull();
        JsonNode data = event.get("data");
        JsonNode properties = EventApi.read(stored.getProperties().data());
        if (data != null && data.isObject()) {
            assertThat(properties).isEqualTo(data);
        } else {
            assertThat(properties.isEmpty()).isTrue();
            assertThat(EventApi.read(stored.getPayload().data()).get("data")).isEqualTo(data);
        }
    }

    private void refusedCloudEvent(String name, Path file) throws IOException {
        HttpResponse<String> answer = api.post("application/cloudevents+json", Files.readString(file));
        assertThat(answer.statusCode()).as(name + ": " + answer.body()).isEqualTo(400);
        JsonNode errors = EventApi.read(answer.body()).get("errors");
        assertThat(errors).as(name).isNotEmpty();
        String expectedField = switch (name) {
            case "fail_numeric_long.json" -> "long";
            case "json_data_with_ext_invalid.json" -> "a_invalid_name";
            case "spec_json-format_01.json" -> "data_base64";
            case "cloudevents.schema.json" -> "specversion";
            default -> null;
        };
        if (expectedField != null) {
            assertThat(errors.findValuesAsText("field")).as(name).contains(expectedField);
        }
    }

    /**
     * The shared order is Shopify's test notification: {@code "test": true}, voided and cancelled. As published it
     * is skipped (202, nothing stored, not an error); as a real order it is a cancellation, {@code Order
     * Refunded}; paid and not cancelled, it is a purchase, {@code Order Completed}, with every id exact.
     */
    private void shopifyOrderThroughTheGrocersWebhook(Path file) throws IOException {
        String secret = api.newHookSecret("shopify");
        byte[] body = Files.readAllBytes(file);
        int eventsBefore = eventCount();
        HttpResponse<String> answer = api.hook(tenant.tenant().slug(), "shopify", secret, body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        JsonNode skipped = EventApi.read(answer.body());
        assertThat(skipped.path("accepted").asInt()).isZero();
        assertThat(skipped.path("rejected").asInt()).isZero();
        assertThat(skipped.path("skipped").asInt()).isEqualTo(1);
        assertThat(skipped.at("/results/0/skipped").asText()).contains("820982911946154508", "test order");
        assertThat(skipped.at("/results/0/id").isMissingNode()).isTrue();
        assertThat(eventCount()).isEqualTo(eventsBefore);

        ObjectNode order = (ObjectNode) EventApi.readFile(file);
        order.put("test", false);
        EventRecord cancelled = storedThroughTheWebhook(secret, order);
        assertThat(cancelled.getName()).isEqualTo("Order Refunded");
        assertExactIds(cancelled);
        assertThat(EventApi.read(cancelled.getProperties().data()).path("cancel_reason").asText()).isEqualTo("customer");

        order.put("financial_status", "paid");
        order.putNull("cancelled_at");
        EventRecord completed = storedThroughTheWebhook(secret, order);
        assertThat(completed.getName()).isEqualTo("Order Completed");
        assertExactIds(completed);
    }

    private EventRecord storedThroughTheWebhook(String secret, ObjectNode order) {
        HttpResponse<String> answer = api.hook(tenant.tenant().slug(), "shopify", secret,
                order.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        JsonNode result = EventApi.read(answer.body()).get("results").get(0);
        assertThat(result.path("duplicate").asBoolean()).as(answer.body()).isFalse();
        return event(UUID.fromString(result.get("id").asText()));
    }

    private void assertExactIds(EventRecord stored) {
        JsonNode properties = EventApi.read(stored.getProperties().data());
        assertThat(properties.get("order_id").isTextual()).isTrue();
        assertThat(properties.get("order_id").asText()).isEqualTo("820982911946154508");
        assertThat(properties.at("/products/0/line_item_id").asText()).isEqualTo("866550311766439020");
        assertThat(properties.at("/products/0/price").decimalValue()).isEqualByComparingTo("199.00");
        assertThat(customerUserId(stored.getCustomerId())).isEqualTo("115310627314723954");
    }

    private int eventCount() {
        return TenantContext.callAs(tenant.tenant(), () -> transactions.execute(s -> dsl.fetchCount(EVENT)));
    }

    private EventRecord event(UUID id) {
        return TenantContext.callAs(tenant.tenant(), () -> transactions.execute(s ->
                dsl.selectFrom(EVENT).where(EVENT.ID.eq(id)).fetchOne()));
    }

    private String customerUserId(UUID customerId) {
        return TenantContext.callAs(tenant.tenant(), () -> transactions.execute(s ->
                dsl.select(CUSTOMER.USER_ID).from(CUSTOMER).where(CUSTOMER.ID.eq(customerId)).fetchOne(CUSTOMER.USER_ID)));
    }
}
