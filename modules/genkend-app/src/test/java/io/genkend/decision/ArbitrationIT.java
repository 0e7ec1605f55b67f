package io.genkend.decision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.event.EventAccepted;
import io.genkend.outreach.support.TestCustomers;
import io.genkend.support.Http;
import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.support.TestTenants.TestTenant;
import io.genkend.tenancy.TenantContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Next-best-offer over the API: arbitration by propensity x context weight x value x lever, the holdout group,
 * and every dropped candidate stored with the policy that dropped it.
 */
@IntegrationTest
class ArbitrationIT {

    @Autowired TestTenants testTenants;
    @Autowired TestCustomers customers;
    @Autowired ObjectMapper json;
    @Autowired ApplicationEventPublisher events;
    @Autowired TransactionTemplate transactions;
    @Autowired ResponseLearning learning;
    @Autowired HoldoutGroup holdoutGroup;
    @Autowired org.jooq.DSLContext dsl;
    @Autowired io.genkend.customer.CustomerProfiles profiles;
    @LocalServerPort int port;

    Http http;
    TestTenant tenant;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        tenant = testTenants.create("nbo", null);
    }

    @Test
    void arbitrationPicksTheHighestPropensityTimesContextWeightTimesValueTimesLever() throws Exception {
        // a: 0.5 x 1 x 100 x 1 = 50; b: 0.75 x 2 x 50 x 2 = 150; c: 0.1 x 1 x 400 x 0.5 = 20
        createOffer(offer("a-offer", "cat-a", 100, 1, 1, 1, Map.of()));
        createOffer(offer("b-offer", "cat-b", 50, 2, 3, 1, Map.of("repair.completed", 2.0, "*", 0.1)));
        createOffer(offer("c-offer", "cat-c", 400, 0.5, 1, 9, Map.of()));
        UUID customer = customerOutsideHoldout();

        JsonNode decision = decide(customer, "repair.completed");
        assertThat(decision.path("offerCode").asText()).isEqualTo("b-offer");
        assertThat(decision.path("holdout").asBoolean()).isFalse();
        assertThat(candidate(decision, "b-offer").path("priority").asDouble()).isCloseTo(150, within(1e-9));
        assertThat(candidate(decision, "a-offer").path("priority").asDouble()).isCloseTo(50, within(1e-9));
        assertThat(candidate(decision, "a-offer").path("droppedBy").asText()).isEqualTo("arbitration");
        assertThat(candidate(decision, "c-offer").path("priority").asDouble()).isCloseTo(20, within(1e-9));

        // In another context b's weight is 0.1: 0.75 x 0.1 x 50 x 2 = 7.5, so a wins.
        assertThat(decide(customer, "basket.bought").path("offerCode").asText()).isEqualTo("a-offer");

        // The decision is stored with its candidates.
        JsonNode stored = json.readTree(http.getWithKey("/api/v1/decisions/" + decision.path("id").asText(),
                tenant.apiKey().secret()).body());
        assertThat(stored.path("decision").path("candidates")).hasSize(3);
        assertThat(stored.path("context").asText()).isEqualTo("repair.completed");
        JsonNode history = json.readTree(http.getWithKey("/api/v1/decisions?customerId=" + customer,
                tenant.apiKey().secret()).body());
        assertThat(history).hasSize(2);
        assertThat(json.readTree(http.getWithKey("/api/v1/decisions?customerId=" + customer + "&limit=1",
                tenant.apiKey().secret()).body())).hasSize(1);
        // the tenant's own userId names the customer as well; an unknown one, or an unknown profile id, is 404
        String userId = TenantContext.callAs(tenant.tenant(), () -> profiles.find(customer).orElseThrow().userId());
        HttpResponse<String> byUserId = http.getWithKey("/api/v1/decisions?customerId=" + userId,
                tenant.apiKey().secret());
        assertThat(byUserId.statusCode()).as(byUserId.body()).isEqualTo(200);
        assertThat(json.readTree(byUserId.body())).hasSize(2);
        assertThat(json.readTree(byUserId.body()).get(0).path("customerId").asText()).isEqualTo(customer.toString());
        for (String unknown : new String[]{"nobody-" + UUID.randomUUID(), UUID.randomUUID().toString()}) {
            HttpResponse<String> none = http.getWithKey("/api/v1/decisions?customerId=" + unknown,
                    tenant.apiKey().secret());
            assertThat(none.statusCode()).as(unknown + ": " + none.body()).isEqualTo(404);
            assertThat(json.readTree(none.body()).path("type").asText())
                    .isEqualTo("https://genkend.io/problems/not-found");
        }
        HttpResponse<String> blank = http.getWithKey("/api/v1/decisions?customerId=", tenant.apiKey().secret());
        assertThat(blank.statusCode()).as(blank.body()).isEqualTo(400);
        assertThat(json.readTree(blank.body()).path("errors").get(0).path("field").asText()).isEqualTo("customerId");
        for (String limit : new String[]{"0", "-3", "501"}) {
            HttpResponse<String> refused = http.getWithKey("/api/v1/decisions?customerId=" + customer + "&limit="
                    + limit, tenant.apiKey().secret());
            assertThat(refused.statusCode()).as("limit " + limit).isEqualTo(400);
            assertThat(json.readTree(refused.body()).path("errors").get(0).path("field").asText()).isEqualTo("limit");
        }
    }

    @Test
    void propensityLearnsFromResponses() throws Exception {
        createOffer(offer("learning", "cat-l", 10, 1, 1, 1, Map.of()));
        UUID customer = customerOutsideHoldout();
        assertThat(candidate(decide(customer, null), "learning").path("priority").asDouble())
                .isCloseTo(5, within(1e-9));
        TenantContext.runAs(tenant.tenant(), () -> {
            learning.learn(UUID.randomUUID(), "learning", "ACCEPTED", UUID.randomUUID());
            learning.learn(UUID.randomUUID(), "learning", "ACCEPTED", UUID.randomUUID());
            learning.learn(UUID.randomUUID(), "learning", "CLICKED", UUID.randomUUID());
        });
        // Beta(1 + 2, 1 + 0): mean 3/4, so 0.75 x 10
        assertThat(candidate(decide(customer, null), "learning").path("priority").asDouble())
                .isCloseTo(7.5, within(1e-9));
    }

    @Test
    void theHoldoutGroupGetsNoOfferButItsCandidatesAreScored() throws Exception {
        createOffer(offer("for-all", "cat-h", 100, 1, 1, 1, Map.of()));
        UUID customer = customerWhere(bucket -> bucket < 200);

        JsonNode decision = decide(customer, null);
        assertThat(decision.has("offerCode")).isFalse();
        assertThat(decision.path("holdout").asBoolean()).isTrue();
        assertThat(candidate(decision, "for-all").path("droppedBy").asText()).isEqualTo("holdout");
        assertThat(candidate(decision, "for-all").path("priority").asDouble()).isCloseTo(50, within(1e-9));
    }

    @Test
    void aTenantSetsItsHoldoutShareAndJourneysAddCustomersExplicitly() throws Exception {
        createOffer(offer("for-all", "cat-h", 100, 1, 1, 1, Map.of()));
        UUID hashed = customerWhere(bucket -> bucket < 200);
        HttpResponse<String> zero = http.send(http.request("/api/v1/decisions/settings")
                .header("Authorization", "Bearer " + tenant.apiKey().secret())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"holdoutPercent\":0}")).build());
        assertThat(zero.statusCode()).isEqualTo(200);
        assertThat(decide(hashed, null).path("offerCode").asText()).isEqualTo("for-all");

        UUID chosen = customerOutsideHoldout();
        TenantContext.runAs(tenant.tenant(), () -> holdoutGroup.add(chosen, "control group of a campaign"));
        assertThat(decide(chosen, null).path("holdout").asBoolean()).isTrue();
        assertThat(TenantContext.callAs(tenant.tenant(), () -> holdoutGroup.contains(chosen))).isTrue();
    }

    @Test
    void everyDroppedCandidateIsStoredWithThePolicyAndTheReason() throws Exception {
        Map<String, Object> eligible = offer("taxi", "mobility", 100, 1, 1, 1, Map.of());
        eligible.put("eligibilityDmn", new String(getClass().getResourceAsStream(
                "/io/genkend/pack/dealer/taxi-eligibility.dmn").readAllBytes(), StandardCharsets.UTF_8));
        createOffer(eligible);
        createOffer(offer("wipers", "car-parts", 100, 1, 1, 1, Map.of()));
        createOffer(offer("glass", "car-glass", 100, 1, 1, 1, Map.of()));
        createOffer(offer("plain", "plain", 1, 1, 1, 1, Map.of()));
        UUID customer;
        do {
            customer = customers.create(tenant, http, null, null, "da-DK", null, Map.of("customerType", "business"));
        } while (bucket(customer) < 200);
        UUID id = customer;

        HttpResponse<String> suppressed = post("/api/v1/suppressions", Map.of("customerId", id.toString(),
                "category", "car-glass", "days", 90, "reason", "windscreen repair booked"));
        assertThat(suppressed.statusCode()).isEqualTo(201);
        publish(new EventAccepted(tenant.tenant(), UUID.randomUUID(), id, "part.purchased",
                Map.of("category", "car-parts"), Instant.now()));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(candidate(decide(id, null), "wipers").path("droppedBy").asText()).isEqualTo("applicability"));
        JsonNode decision = decide(id, null);
        assertThat(decision.path("offerCode").asText()).isEqualTo("plain");
        assertThat(candidate(decision, "taxi").path("droppedBy").asText()).isEqualTo("eligibility");
        assertThat(candidate(decision, "taxi").path("reason").asText()).contains("business customers");
        assertThat(candidate(decision, "wipers").path("reason").asText()).contains("car-parts bought");
        assertThat(candidate(decision, "glass").path("droppedBy").asText()).isEqualTo("suppression");
        assertThat(candidate(decision, "glass").path("reason").asText()).contains("windscreen repair booked");
    }

    @Test
    void anOfferIgnoredTwiceIsPausedForThatCustomer() throws Exception {
        createOffer(offer("nagging", "cat-n", 100, 1, 1, 1, Map.of()));
        UUID customer = customerOutsideHoldout();
        TenantContext.runAs(tenant.tenant(), () -> learning.learn(customer, "nagging", "IGNORED", UUID.randomUUID()));
        assertThat(decide(customer, null).path("offerCode").asText()).isEqualTo("nagging");
        TenantContext.runAs(tenant.tenant(), () -> learning.learn(customer, "nagging", "IGNORED", UUID.randomUUID()));
        JsonNode decision = decide(customer, null);
        assertThat(decision.has("offerCode")).isFalse();
        assertThat(candidate(decision, "nagging").path("droppedBy").asText()).isEqualTo("suppression");
        assertThat(candidate(decision, "nagging").path("reason").asText()).contains("ignored 2 times");
    }

    @Test
    void anEventsFactsAreWrittenWithTheEventAndNotWhenItRollsBack() {
        UUID customer = UUID.randomUUID();
        UUID rolledBack = UUID.randomUUID();
        transactions.executeWithoutResult(s -> {
            events.publishEvent(new EventAccepted(tenant.tenant(), rolledBack, customer, "part.purchased",
                    Map.of("category", "car-parts"), Instant.now()));
            s.setRollbackOnly();
        });
        UUID committed = UUID.randomUUID();
        publish(new EventAccepted(tenant.tenant(), committed, customer, "part.purchased",
                Map.of("category", "car-parts"), Instant.now()));
        // no waiting: the facts are part of the transaction that accepted the event
        var facts = TenantContext.callAs(tenant.tenant(), () -> dsl.fetch(
                "select event_id, kind, category from customer_fact where customer_id = ?", customer));
        assertThat(facts).hasSize(1);
        assertThat(facts.get(0).get("event_id", UUID.class)).isEqualTo(committed);
        assertThat(facts.get(0).get("kind", String.class)).isEqualTo("PURCHASE");
        assertThat(facts.get(0).get("category", String.class)).isEqualTo("car-parts");
    }

    @Test
    void afterRepairBookedNoCarGlassOfferIsChosenForADealerCustomer() throws Exception {
        TestTenant dealer = testTenants.create("dealer-nbo", "dealer");
        tenant = dealer;
        await().atMost(Duration.ofSeconds(20)).until(() ->
                json.readTree(http.getWithKey("/api/v1/offers", dealer.apiKey().secret()).body()).size() == 4);
        UUID customer = customerOutsideHoldout();
        // Before the booking, the windscreen offer passes every policy and is only outranked.
        assertThat(candidate(decide(customer, null), "windscreen-replacement").path("droppedBy").asText())
                .isEqualTo("arbitration");

        publish(new EventAccepted(dealer.tenant(), UUID.randomUUID(), customer, "repair.booked",
                Map.of("part", "windscreen", "appointmentDate", "2026-12-01"), Instant.now()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(candidate(
                decide(customer, "repair.booked"), "windscreen-replacement").path("droppedBy").asText())
                .isEqualTo("applicability"));
        JsonNode decision = decide(customer, "repair.booked");
        assertThat(decision.path("offerCode").asText()).as(decision.toString()).isEqualTo("taxi-courtesy");
        assertThat(candidate(decision, "windscreen-replacement").path("reason").asText())
                .contains("car-glass booked");
        assertThat(candidate(decision, "service-check").path("reason").asText())
                .contains("open service case in repair");
    }

    @Test
    void anOfferChangedOrDeletedCountsInTheVeryNextDecision() throws Exception {
        createOffer(offer("first", "cat-a", 100, 1, 1, 1, Map.of()));
        createOffer(offer("second", "cat-b", 50, 1, 1, 1, Map.of()));
        UUID customer = customerOutsideHoldout();
        assertThat(decide(customer, null).path("offerCode").asText()).isEqualTo("first");

        // the decision above read the catalogue into memory; a change must not wait for it to expire
        Map<String, Object> paused = offer("first", "cat-a", 100, 1, 1, 1, Map.of());
        paused.put("active", false);
        HttpResponse<String> put = http.send(http.request("/api/v1/offers/first")
                .header("Authorization", "Bearer " + tenant.apiKey().secret())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(paused))).build());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(decide(customer, null).path("offerCode").asText()).isEqualTo("second");

        HttpResponse<String> deleted = http.send(http.request("/api/v1/offers/second")
                .header("Authorization", "Bearer " + tenant.apiKey().secret()).DELETE().build());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(decide(customer, null).has("offerCode")).as("no offer left").isFalse();
    }

    @Test
    void aDecisionOrSuppressionForACustomerTheTenantDoesNotHaveIsNotFoundAndNothingIsWritten() throws Exception {
        createOffer(offer("any", "cat-x", 100, 1, 1, 1, Map.of()));
        TestTenant other = testTenants.create("nbo-foreign", null);
        UUID foreign = customers.create(other, http, null, null, null, null, Map.of());
        for (UUID unknown : List.of(foreign, UUID.randomUUID())) {
            HttpResponse<String> decided = post("/api/v1/decisions", Map.of("customerId", unknown.toString()));
            assertThat(decided.statusCode()).as(decided.body()).isEqualTo(404);
            assertThat(decided.body()).contains("https://genkend.io/problems/not-found");
            HttpResponse<String> suppressed = post("/api/v1/suppressions", Map.of("customerId", unknown.toString(),
                    "category", "cat-x", "days", 30));
            assertThat(suppressed.statusCode()).as(suppressed.body()).isEqualTo(404);
            assertThat(suppressed.body()).contains("https://genkend.io/problems/not-found");
        }
        int decisions = TenantContext.callAs(tenant.tenant(), () -> transactions.execute(s ->
                dsl.fetchCount(io.genkend.schema.Tables.DECISION)));
        int suppressions = TenantContext.callAs(tenant.tenant(), () -> transactions.execute(s ->
                dsl.fetchCount(io.genkend.schema.Tables.SUPPRESSION)));
        assertThat(decisions).isZero();
        assertThat(suppressions).isZero();
    }

    @Test
    void badOffersAreRefusedWithTheirFields() throws Exception {
        Map<String, Object> bad = offer("Bad Code", "", -1, 1, 1, 1, Map.of());
        bad.put("eligibilityDmn", "<definitions/>");
        HttpResponse<String> response = post("/api/v1/offers", bad);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"code\"", "\"field\":\"category\"", "\"field\":\"value\"",
                "\"field\":\"eligibilityDmn\"");
        HttpResponse<String> malformed = http.send(http.request("/api/v1/offers")
                .header("Authorization", "Bearer " + tenant.apiKey().secret())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"value\":\"x\""))
                .build());
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(http.getWithKey("/api/v1/offers/none", tenant.apiKey().secret()).statusCode()).isEqualTo(404);
    }

    @Test
    void overlongOfferFieldsAreRefusedWithTheirFields() throws Exception {
        Map<String, Object> longName = offer("long-name", "cat-a", 1, 1, 1, 1, Map.of());
        longName.put("name", "n".repeat(3_000_000));
        Map<String, Object> longCategory = offer("long-category", "c".repeat(100_000), 1, 1, 1, 1, Map.of());
        Map<String, Double> many = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            many.put("context-" + i, 1.0);
        }
        Map<String, Object> manyWeights = offer("many-weights", "cat-a", 1, 1, 1, 1, many);
        Map<String, Object> longKey = offer("long-key", "cat-a", 1, 1, 1, 1, Map.of("k".repeat(101), 1.0));
        Map<String, String> expected = Map.of("long-name", "name", "long-category", "category",
                "many-weights", "contextWeights", "long-key", "contextWeights");
        for (Map<String, Object> bad : List.of(longName, longCategory, manyWeights, longKey)) {
            HttpResponse<String> response = post("/api/v1/offers", bad);
            assertThat(response.statusCode()).as(bad.get("code").toString()).isEqualTo(400);
            assertThat(json.readTree(response.body()).get("errors").findValuesAsText("field"))
                    .as(bad.get("code").toString()).containsExactly(expected.get(bad.get("code").toString()));
        }
        assertThat(http.getWithKey("/api/v1/offers", tenant.apiKey().secret()).body())
                .doesNotContain("long-name", "long-category", "many-weights", "long-key");

        // at the bounds
        Map<String, Double> hundred = new HashMap<>();
        for (int i = 0; i < 99; i++) {
            hundred.put("context-" + i, 1.0);
        }
        hundred.put("k".repeat(100), 1.0);
        Map<String, Object> fits = offer("fits", "c".repeat(100), 1, 1, 1, 1, hundred);
        fits.put("name", "n".repeat(200));
        createOffer(fits);
    }

    @Test
    void anotherTenantsOfferIsNotFound() throws Exception {
        createOffer(offer("private", "cat-p", 1, 1, 1, 1, Map.of()));
        TestTenant other = testTenants.create("nbo-other", null);
        assertThat(http.getWithKey("/api/v1/offers/private", other.apiKey().secret()).statusCode()).isEqualTo(404);
        assertThat(http.getWithKey("/api/v1/offers/private", tenant.apiKey().secret()).statusCode()).isEqualTo(200);
    }

    @Test
    void everyTableOfDecisionsAndOutreachHasForcedRowLevelSecurity() {
        List<String> tables = List.of("offer", "decision", "offer_propensity", "offer_response", "suppression",
                "customer_fact", "fact_rule", "decision_settings", "holdout_member", "outreach_settings",
                "message_template", "outreach", "outreach_history", "marketing_objection");
        for (String table : tables) {
            var flags = dsl.fetchOne("select relrowsecurity, relforcerowsecurity from pg_class where relname = ?",
                    table);
            assertThat(flags).as(table).isNotNull();
            assertThat(flags.get(0, Boolean.class)).as(table + " row level security").isTrue();
            assertThat(flags.get(1, Boolean.class)).as(table + " forced").isTrue();
        }
        // Without a tenant, the application role sees none of them.
        assertThat(dsl.fetchCount(io.genkend.schema.Tables.OFFER)).isZero();
    }

    private void publish(EventAccepted event) {
        transactions.executeWithoutResult(s -> events.publishEvent(event));
    }

    private UUID customerOutsideHoldout() {
        return customerWhere(bucket -> bucket >= 200);
    }

    /**
     * A new customer of the current test tenant (decisions are refused for unknown customers) whose holdout bucket
     * satisfies {@code wanted}: profiles are created in batches of identify calls until one fits.
     */
    private UUID customerWhere(java.util.function.IntPredicate wanted) {
        for (int round = 0; round < 10; round++) {
            List<String> userIds = new java.util.ArrayList<>();
            List<Map<String, Object>> batch = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String userId = "arb-" + UUID.randomUUID();
                userIds.add(userId);
                batch.add(Map.of("type", "identify", "userId", userId, "messageId", UUID.randomUUID().toString(),
                        "traits", Map.of()));
            }
            try {
                HttpResponse<String> answer = post("/api/v1/events", Map.of("batch", batch));
                assertThat(answer.statusCode() / 100).as(answer.body()).isEqualTo(2);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            for (String userId : userIds) {
                UUID id = await().atMost(Duration.ofSeconds(20)).until(() -> TenantContext.callAs(tenant.tenant(),
                        () -> profiles.findByUserId(userId).map(io.genkend.customer.CustomerProfile::id)
                                .orElse(null)), found -> found != null);
                if (wanted.test(bucket(id))) {
                    return id;
                }
            }
        }
        throw new AssertionError("no customer in the wanted holdout buckets");
    }

    /** The documented holdout formula, computed independently: SHA-256(tenant:customer), first 8 bytes mod 10,000. */
    private int bucket(UUID customer) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((tenant.tenant().id() + ":" + customer)
                    .getBytes(StandardCharsets.UTF_8));
            return (int) Long.remainderUnsigned(ByteBuffer.wrap(hash, 0, 8).getLong(), 10_000);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> offer(String code, String category, double value, double lever, double alpha,
                                             double beta, Map<String, Double> weights) {
        Map<String, Object> offer = new HashMap<>();
        offer.put("code", code);
        offer.put("name", code);
        offer.put("category", category);
        offer.put("value", value);
        offer.put("lever", lever);
        offer.put("prior", Map.of("alpha", alpha, "beta", beta));
        offer.put("contextWeights", weights);
        offer.put("templates", Map.of("EMAIL", Map.of("en", Map.of("subject", code, "text", "[[${offer.name}]]"))));
        return offer;
    }

    private void createOffer(Map<String, Object> offer) throws Exception {
        HttpResponse<String> response = post("/api/v1/offers", offer);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private JsonNode decide(UUID customer, String context) throws Exception {
        Map<String, Object> body = new HashMap<>();
        body.put("customerId", customer.toString());
        body.put("context", context);
        HttpResponse<String> response = post("/api/v1/decisions", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body());
    }

    private static JsonNode candidate(JsonNode decision, String code) {
        for (JsonNode candidate : decision.path("candidates")) {
            if (code.equals(candidate.path("offerCode").asText())) {
                return candidate;
            }
        }
        throw new AssertionError("No candidate " + code + " in " + decision);
    }

    private HttpResponse<String> post(String path, Object body) throws Exception {
        return http.send(http.request(path).header("Authorization", "Bearer " + tenant.apiKey().secret())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build());
    }
}
