package io.genkend.customer;

import com.fasterxml.jackson.databind.JsonNode;
import io.genkend.event.EventApi;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.genkend.schema.Tables.CUSTOMER;
import static io.genkend.schema.Tables.CUSTOMER_IDENTITY;
import static io.genkend.schema.Tables.EVENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Customer profiles, identities, alias merges, consent, timeline, export (Art. 20) and erasure (Art. 17), through
 * the HTTP API on real PostgreSQL and Redis.
 */
@IntegrationTest
class CustomerIT {

    @Autowired TestTenants testTenants;
    @Autowired DSLContext dsl;
    @Autowired TransactionTemplate transactions;
    @Autowired Consents consents;
    @Autowired CustomerProfiles profiles;
    @LocalServerPort int port;

    TestTenant tenant;
    EventApi api;

    @BeforeEach
    void setUp() {
        tenant = testTenants.create("customers", null);
        api = new EventApi(new Http(port), tenant.apiKey().secret());
    }

    private static Map<String, Object> identify(String userId, Map<String, Object> traits) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("type", "identify");
        call.put("userId", userId);
        call.put("traits", traits);
        return call;
    }

    private static Map<String, Object> track(String userId, String anonymousId, String event,
                                             Map<String, Object> properties) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("type", "track");
        if (userId != null) {
            call.put("userId", userId);
        }
        if (anonymousId != null) {
            call.put("anonymousId", anonymousId);
        }
        call.put("event", event);
        call.put("properties", properties);
        return call;
    }

    private void accepted(Object call) {
        HttpResponse<String> answer = api.post(EventApi.write(call));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    }

    @Test
    void identifyUpsertsTraitsAndIdentitiesAndTheProfileIsFoundByIdOrUserId() {
        accepted(identify("97980cfea0067", Map.of("name", "Peter Gibbons", "email", "Peter@Example.com",
                "plan", "premium", "logins", 5)));
        accepted(identify("97980cfea0067", Map.of("logins", 6, "phone", "+4520304050")));
        JsonNode byUserId = EventApi.read(api.get("/api/v1/customers/97980cfea0067").body());
        assertThat(byUserId.at("/traits/name").asText()).isEqualTo("Peter Gibbons");
        assertThat(byUserId.at("/traits/logins").asInt()).isEqualTo(6);
        assertThat(byUserId.get("phone").asText()).isEqualTo("+4520304050");
        assertThat(byUserId.get("identities").findValuesAsText("kind"))
                .contains("userId", "email", "phone");
        assertThat(byUserId.get("identities").findValuesAsText("value")).contains("peter@example.com");
        String id = byUserId.get("id").asText();
        assertThat(EventApi.read(api.get("/api/v1/customers/" + id).body()).get("userId").asText())
                .isEqualTo("97980cfea0067");
        assertThat(TenantContext.callAs(tenant.tenant(), () -> profiles.findByUserId("97980cfea0067")))
                .hasValueSatisfying(p -> assertThat(p.email()).isEqualTo("Peter@Example.com"));

        TestTenant other = testTenants.create("customers-other", null);
        EventApi otherApi = new EventApi(new Http(port), other.apiKey().secret());
        assertThat(otherApi.get("/api/v1/customers/" + id).statusCode()).isEqualTo(404);
        assertThat(otherApi.get("/api/v1/customers/97980cfea0067").statusCode()).isEqualTo(404);
    }

    @Test
    void parallelUpdatesOfOneProfileLoseNoWriteAndMakeNoTwins() throws Exception {
        int writers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int n = i;
                answers.add(pool.submit(() -> new EventApi(new Http(port), tenant.apiKey().secret())
                        .post(EventApi.write(identify("parallel-1", Map.of("k" + n, n)))).statusCode()));
                answers.add(pool.submit(() -> new EventApi(new Http(port), tenant.apiKey().secret())
                        .post(EventApi.write(track(null, "anon-parallel", "Viewed", Map.of("n", n))))
                        .statusCode()));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(202);
            }
        } finally {
            pool.shutdown();
        }
        JsonNode profile = EventApi.read(api.get("/api/v1/customers/parallel-1").body());
        for (int i = 0; i < writers; i++) {
            assertThat(profile.at("/traits/k" + i).asInt()).as("trait k" + i).isEqualTo(i);
        }
        int profilesOfAnonymous = TenantContext.callAs(tenant.tenant(), () -> transactions.execute(s ->
                dsl.fetchCount(CUSTOMER_IDENTITY, CUSTOMER_IDENTITY.VALUE.eq("anon-parallel"))));
        assertThat(profilesOfAnonymous).isEqualTo(1);
        int viewedEvents = TenantContext.callAs(tenant.tenant(), () -> transactions.execute(s ->
                dsl.fetchCount(EVENT, EVENT.NAME.eq("Viewed"))));
        assertThat(viewedEvents).isEqualTo(writers);
    }

    @Test
    void aliasMergesTheAnonymousProfileAndItsEventsIntoTheKnownOne() {
        accepted(track(null, "anon-7", "Product Viewed", Map.of("sku", "WIPER-600")));
        accepted(Map.of("type", "identify", "anonymousId", "anon-7", "traits", Map.of("favourite", "wipers")));
        accepted(identify("507f191e81", Map.of("name", "Jen")));
        accepted(Map.of("type", "alias", "previousId", "anon-7", "userId", "507f191e81"));

        JsonNode profile = EventApi.read(api.get("/api/v1/customers/507f191e81").body());
        assertThat(profile.at("/traits/name").asText()).isEqualTo("Jen");
        assertThat(profile.at("/traits/favourite").asText()).isEqualTo("wipers");
        assertThat(profile.get("identities").findValuesAsText("value")).contains("anon-7", "507f191e81");
        JsonNode export = EventApi.read(api.get("/api/v1/customers/507f191e81/export").body());
        assertThat(export.get("events").findValuesAsText("name")).contains("Product Viewed", "identify", "alias");
        int customers = TenantContext.callAs(tenant.tenant(), () -> transactions.execute(s ->
                dsl.fetchCount(CUSTOMER)));
        assertThat(customers).isEqualTo(1);
    }

    @Test
    void marketingIsDeniedUntilGrantedAndEveryDecisionIsKeptAsProof() {
        accepted(identify("consent-1", Map.of("email", "c1@example.com")));
        UUID id = UUID.fromString(EventApi.read(api.get("/api/v1/customers/consent-1").body()).get("id").asText());
        assertThat(granted(id, Purpose.MARKETING, Channel.EMAIL)).isFalse();

        Map<String, Object> consentTrait = Map.of("version", "privacy-2026-03", "source", "signup-form",
                "marketing", Map.of("email", "granted", "sms", "denied"));
        accepted(identify("consent-1", Map.of("consent", consentTrait)));
        assertThat(granted(id, Purpose.MARKETING, Channel.EMAIL)).isTrue();
        assertThat(granted(id, Purpose.MARKETING, Channel.SMS)).isFalse();
        JsonNode profile = EventApi.read(api.get("/api/v1/customers/consent-1").body());
        assertThat(profile.at("/traits/consent").isMissingNode()).as("consent is not kept as a trait").isTrue();

        HttpResponse<String> withdrawn = api.put("/api/v1/customers/consent-1/consents", """
                {"consents": [{"purpose": "marketing", "channel": "email", "status": "withdrawn",
                               "source": "preference-centre", "wordingVersion": "privacy-2026-03"},
                              {"purpose": "service", "channel": "in-app", "status": "granted"}]}""");
        assertThat(withdrawn.statusCode()).as(withdrawn.body()).isEqualTo(200);
        assertThat(granted(id, Purpose.MARKETING, Channel.EMAIL)).isFalse();
        assertThat(granted(id, Purpose.SERVICE, Channel.IN_APP)).isTrue();

        JsonNode history = EventApi.read(api.get("/api/v1/customers/consent-1/export").body()).get("consents");
        assertThat(history.findValuesAsText("status")).containsSubsequence("granted", "withdrawn");
        assertThat(history.findValuesAsText("wordingVersion")).contains("privacy-2026-03");
        assertThat(history.findValuesAsText("source")).contains("signup-form", "preference-centre");

        HttpResponse<String> invalid = api.put("/api/v1/customers/consent-1/consents",
                "{\"consents\": [{\"purpose\": \"marketing\", \"channel\": \"fax\", \"status\": \"granted\"}]}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("consents[0].channel");
        HttpResponse<String> badTrait = api.post(EventApi.write(identify("consent-1",
                Map.of("consent", Map.of("marketing", Map.of("email", "maybe"))))));
        assertThat(badTrait.statusCode()).isEqualTo(400);
        assertThat(badTrait.body()).contains("traits.consent.marketing.email");
    }

    @Test
    void theTimelineIsNewestFirstAndPagedWithoutGapsOrRepeats() {
        for (int i = 0; i < 5; i++) {
            Map<String, Object> call = track("timeline-1", null, "Step " + i, Map.of("i", i));
            call.put("timestamp", "2026-01-0" + (i + 1) + "T10:00:00Z");
            accepted(call);
        }
        Map<String, Object> sameTime = track("timeline-1", null, "Step 4b", Map.of());
        sameTime.put("timestamp", "2026-01-05T10:00:00Z");
        accepted(sameTime);
        api.put("/api/v1/customers/timeline-1/consents",
                "{\"consents\": [{\"purpose\": \"marketing\", \"channel\": \"sms\", \"status\": \"granted\","
                        + "\"at\": \"2026-01-03T12:00:00Z\"}]}");
        List<String> titles = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String cursor = null;
        do {
            JsonNode page = EventApi.read(api.get("/api/v1/customers/timeline-1/timeline?size=2"
                    + (cursor == null ? "" : "&before=" + cursor)).body());
            for (JsonNode entry : page.get("entries")) {
                assertThat(seen.add(entry.get("kind").asText() + entry.get("id").asText())).isTrue();
                titles.add(entry.get("title").asText());
            }
            cursor = page.hasNonNull("next") ? page.get("next").asText() : null;
        } while (cursor != null);
        assertThat(titles).hasSize(7);
        assertThat(titles.subList(2, 7)).containsExactly("Step 3", "marketing/sms granted", "Step 2", "Step 1",
                "Step 0");
        assertThat(titles.subList(0, 2)).containsExactlyInAnyOrder("Step 4", "Step 4b");
    }

    @Test
    void exportReturnsWhatWasStoredAndErasureLeavesNoRowOfTheCustomer() {
        accepted(identify("erase-me", Map.of("email", "erase@example.com", "name", "Eve Rased",
                "consent", Map.of("marketing", Map.of("email", "granted"), "version", "v1"))));
        accepted(track("erase-me", "anon-erase", "Order Completed", Map.of("order_id", "820982911946154508",
                "total", new java.math.BigDecimal("27.50"))));
        JsonNode export = EventApi.read(api.get("/api/v1/customers/erase-me/export").body());
        assertThat(export.at("/profile/traits/name").asText()).isEqualTo("Eve Rased");
        assertThat(export.get("consents").findValuesAsText("status")).contains("granted");
        JsonNode order = null;
        for (JsonNode event : export.get("events")) {
            if (event.get("name").asText().equals("Order Completed")) {
                order = event;
            }
        }
        assertThat(order).isNotNull();
        assertThat(order.at("/payload/properties/order_id").asText()).isEqualTo("820982911946154508");
        assertThat(order.at("/payload/properties/total").decimalValue()).isEqualByComparingTo("27.50");
        String customerId = export.at("/profile/id").asText();

        // another customer of the same tenant stays
        accepted(identify("keep-me", Map.of("email", "keep@example.com")));

        assertThat(api.delete("/api/v1/customers/erase-me").statusCode()).isEqualTo(204);
        assertThat(api.get("/api/v1/customers/erase-me/export").statusCode()).isEqualTo(404);
        assertThat(api.get("/api/v1/customers/" + customerId + "/export").statusCode()).isEqualTo(404);
        assertThat(api.get("/api/v1/customers/keep-me").statusCode()).isEqualTo(200);

        for (String marker : List.of(customerId, "erase-me", "erase@example.com", "anon-erase", "Eve Rased")) {
            assertThat(rowsMentioning(marker)).as("rows mentioning " + marker).isEmpty();
        }

        // the erasure record keeps a later import from silently bringing the customer back
        HttpResponse<String> reimport = api.post(EventApi.write(identify("erase-me", Map.of("name", "Eve"))));
        assertThat(reimport.statusCode()).isEqualTo(409);
        assertThat(reimport.body()).contains("customer-erased", "\"field\":\"userId\"");
        assertThat(api.get("/api/v1/customers/erase-me").statusCode()).isEqualTo(404);
        HttpResponse<String> byEmail = api.post(EventApi.write(identify("new-id-9",
                Map.of("email", "Erase@Example.com"))));
        assertThat(byEmail.statusCode()).isEqualTo(409);
        assertThat(byEmail.body()).contains("\"field\":\"email\"");
        assertThat(api.get("/api/v1/customers/new-id-9").statusCode()).isEqualTo(404);
    }

    @Test
    void aKnownCustomersCallWithAnAnonymousIdAdoptsTheAnonymousProfile() {
        accepted(identify("known-3", Map.of("name", "Kim")));
        accepted(track(null, "anon-3", "Cart Viewed", Map.of()));
        Map<String, Object> both = track("known-3", "anon-3", "Checkout Started", Map.of());
        accepted(both);
        JsonNode export = EventApi.read(api.get("/api/v1/customers/known-3/export").body());
        assertThat(export.get("events").findValuesAsText("name")).contains("Cart Viewed", "Checkout Started");
        int customers = TenantContext.callAs(tenant.tenant(), () -> transactions.execute(s ->
                dsl.fetchCount(CUSTOMER)));
        assertThat(customers).isEqualTo(1);
    }

    private boolean granted(UUID id, Purpose purpose, Channel channel) {
        return TenantContext.callAs(tenant.tenant(), () -> consents.isGranted(id, purpose, channel));
    }

    /** @return "table: count" for every tenant-owned table (a tenant_id column) with a row containing the text */
    private List<String> rowsMentioning(String marker) {
        return TenantContext.callAs(tenant.tenant(), () -> transactions.execute(s -> {
            List<String> tables = dsl.fetch("select table_name from information_schema.columns "
                    + "where table_schema = 'public' and column_name = 'tenant_id'").getValues(0, String.class);
            assertThat(tables).contains("customer", "customer_identity", "customer_consent", "event");
            List<String> hits = new ArrayList<>();
            for (String table : tables) {
                Integer count = dsl.fetchOne("select count(*)::int from " + dsl.render(org.jooq.impl.DSL.name(table))
                        + " t where t::text like ?", "%" + marker + "%").get(0, Integer.class);
                if (count != null && count > 0) {
                    hits.add(table + ": " + count);
                }
            }
            return hits;
        }));
    }
}
