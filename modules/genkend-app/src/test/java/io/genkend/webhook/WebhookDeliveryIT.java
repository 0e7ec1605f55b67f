package io.genkend.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.customer.ErasureParticipant;
import io.genkend.support.Http;
import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.support.TestTenants.TestTenant;
import io.genkend.tenancy.TenantContext;
import io.genkend.webhook.internal.DeliveryDispatcher;
import io.micrometer.core.instrument.MeterRegistry;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.genkend.schema.Tables.CLAIM_WEBHOOK_DELIVERIES;
import static io.genkend.schema.Tables.WEBHOOK_SUBSCRIPTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Outbound webhooks end to end: subscriptions over the REST API, deliveries from the outbox to a real HTTP server
 * on loopback (MockWebServer, allowlisted in application-test.yml), the retry schedule walked by moving the
 * application's clock, and the dispatcher stopped and started to show that a restart loses nothing.
 */
@IntegrationTest
class WebhookDeliveryIT {

    private static final Duration TAKE = Duration.ofSeconds(20);

    @Autowired TestTenants testTenants;
    @Autowired WebhookOutbox outbox;
    @Autowired DeliveryDispatcher dispatcher;
    @Autowired MovableClock clock;
    @Autowired ObjectMapper mapper;
    @Autowired DSLContext dsl;
    @Autowired TransactionTemplate transactions;
    @Autowired MeterRegistry meters;
    @Autowired List<ErasureParticipant> erasureParticipants;
    @LocalServerPort int port;

    TestTenant tenant;
    WebhookApi api;
    MockWebServer server;
    final List<MockWebServer> extraServers = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        tenant = testTenants.create("wh", null);
        api = new WebhookApi(new Http(port), tenant, mapper);
        server = startServer();
    }

    @AfterEach
    void tearDown() throws IOException {
        if (!dispatcher.isRunning()) {
            dispatcher.start();
        }
        clock.reset();
        server.shutdown();
        for (MockWebServer extra : extraServers) {
            extra.shutdown();
        }
    }

    MockWebServer startServer() throws IOException {
        MockWebServer started = new MockWebServer();
        started.start(InetAddress.getByName("127.0.0.1"), 0);
        return started;
    }

    String urlOf(MockWebServer target) {
        return "http://127.0.0.1:" + target.getPort() + "/hooks/genkend";
    }

    UUID enqueue(String type, Map<String, Object> data) {
        return transactions.execute(status -> TenantContext.callAs(tenant.tenant(), () -> outbox.enqueue(type, data)));
    }

    RecordedRequest take(MockWebServer target) throws InterruptedException {
        RecordedRequest request = target.takeRequest(TAKE.toSeconds(), TimeUnit.SECONDS);
        assertThat(request).as("a request within %s", TAKE).isNotNull();
        return request;
    }

    /** Waits until the delivery's last attempt is recorded (its lease is released). */
    JsonNode awaitAttempts(String subscriptionId, int attempts) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode delivery = api.onlyDelivery(subscriptionId);
            return delivery.get("attemptLog").size() >= attempts;
        });
        return api.onlyDelivery(subscriptionId);
    }

    /** Runs the dispatcher once at the clock's current time and waits for what it started. */
    void dispatchNow() {
        dispatcher.dispatchDue().orTimeout(30, TimeUnit.SECONDS).join();
    }

    @Test
    void aSubscriptionMadeOrWidenedAfterEventsWithoutSubscribersGetsTheNextOnesAtOnce() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(204));
        server.enqueue(new MockResponse().setResponseCode(204));
        // nobody subscribes yet: the outbox remembers that no subscription lists these types
        enqueue("journey.step-reached", Map.of("step", "before"));
        enqueue("task.created", Map.of("taskId", "before"));

        JsonNode created = api.subscribe(urlOf(server), "journey.step-reached");
        String subscriptionId = created.get("subscription").get("id").asText();
        enqueue("journey.step-reached", Map.of("step", "after"));
        assertThat(api.deliveries(subscriptionId)).as("the new subscription counts at once").hasSize(1);
        assertThat(mapper.readTree(take(server).getBody().readUtf8()).get("data").get("step").asText())
                .isEqualTo("after");

        api.json("PATCH", "/subscriptions/" + subscriptionId,
                Map.of("eventTypes", List.of("journey.step-reached", "task.created")), 200);
        enqueue("task.created", Map.of("taskId", "after"));
        assertThat(api.deliveries(subscriptionId)).as("a widened subscription counts at once").hasSize(2);
    }

    @Test
    void aDeliveryIsSignedAsStandardWebhooksAndVerifiesWithTheReferenceVerifier() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(204));
        JsonNode created = api.subscribe(urlOf(server), "task.created");
        String secret = created.get("secret").asText();
        assertThat(secret).startsWith("whsec_");
        String subscriptionId = created.get("subscription").get("id").asText();
        assertThat(api.subscription(subscriptionId).toString()).doesNotContain(secret);

        UUID messageId = enqueue("task.created", Map.of("taskId", "t-1", "name", "Book taxi"));
        RecordedRequest request = take(server);

        String body = request.getBody().readUtf8();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        assertThat(request.getHeader("webhook-id")).isEqualTo(messageId.toString());
        assertThat(new ReferenceVerifier(secret).verifies(request.getHeader("webhook-id"),
                request.getHeader("webhook-timestamp"), body, request.getHeader("webhook-signature"),
                clock.instant(), Duration.ofMinutes(5))).isTrue();
        assertThat(new ReferenceVerifier(secret).verifies(request.getHeader("webhook-id"),
                request.getHeader("webhook-timestamp"), body + " ", request.getHeader("webhook-signature")))
                .isFalse();
        JsonNode json = mapper.readTree(body);
        assertThat(json.get("type").asText()).isEqualTo("task.created");
        assertThat(Instant.parse(json.get("timestamp").asText())).isBefore(clock.instant().plusSeconds(1));
        assertThat(json.get("data").get("taskId").asText()).isEqualTo("t-1");

        JsonNode delivery = awaitAttempts(subscriptionId, 1);
        assertThat(delivery.get("status").asText()).isEqualTo("SUCCEEDED");
        JsonNode attempt = delivery.get("attemptLog").get(0);
        assertThat(attempt.get("statusCode").asInt()).isEqualTo(204);
        assertThat(attempt.get("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(attempt.get("latencyMs").asLong()).isGreaterThanOrEqualTo(0);

        assertThat(meters.get("genkend.webhook.deliveries").tag("outcome", "succeeded").counter().count())
                .isGreaterThanOrEqualTo(1);
        assertThat(meters.get("genkend.webhook.attempt.duration").tag("outcome", "succeeded").timer().count())
                .isGreaterThanOrEqualTo(1);

        // an event type the subscription does not want queues nothing
        enqueue("task.completed", Map.of("taskId", "t-1"));
        assertThat(api.deliveries(subscriptionId)).hasSize(1);
    }

    @Test
    void duringASecretRotationBothSecretsSign() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(200));
        JsonNode created = api.subscribe(urlOf(server), "*");
        String oldSecret = created.get("secret").asText();
        String id = created.get("subscription").get("id").asText();
        JsonNode rotated = api.json("POST", "/subscriptions/" + id + "/rotate-secret",
                Map.of("overlapSeconds", 3600), 200);
        String newSecret = rotated.get("secret").asText();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);

        enqueue("crm.handover", Map.of("lead", "l-1"));
        RecordedRequest request = take(server);
        String body = request.getBody().readUtf8();
        String signatures = request.getHeader("webhook-signature");
        assertThat(signatures.split(" ")).hasSize(2);
        for (String secret : List.of(oldSecret, newSecret)) {
            assertThat(new ReferenceVerifier(secret).verifies(request.getHeader("webhook-id"),
                    request.getHeader("webhook-timestamp"), body, signatures)).isTrue();
        }

        // after the overlap only the new secret signs
        awaitAttempts(id, 1);
        clock.advance(Duration.ofHours(2));
        server.enqueue(new MockResponse().setResponseCode(200));
        enqueue("crm.handover", Map.of("lead", "l-2"));
        RecordedRequest later = take(server);
        String laterBody = later.getBody().readUtf8();
        assertThat(later.getHeader("webhook-signature").split(" ")).hasSize(1);
        assertThat(new ReferenceVerifier(newSecret).verifies(later.getHeader("webhook-id"),
                later.getHeader("webhook-timestamp"), laterBody, later.getHeader("webhook-signature"))).isTrue();
        assertThat(new ReferenceVerifier(oldSecret).verifies(later.getHeader("webhook-id"),
                later.getHeader("webhook-timestamp"), laterBody, later.getHeader("webhook-signature"))).isFalse();
    }

    @Test
    void retriesFollowTheScheduleWithTheSameWebhookId() throws Exception {
        List<Duration> schedule = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(2));
        for (int i = 0; i < schedule.size(); i++) {
            server.enqueue(new MockResponse().setResponseCode(500).setBody("database is down " + i));
        }
        server.enqueue(new MockResponse().setResponseCode(200));
        String id = api.subscribe(urlOf(server), "outreach.status-changed").get("subscription").get("id").asText();

        UUID messageId = enqueue("outreach.status-changed", Map.of("outreachId", "o-1", "status", "SENT"));
        assertThat(take(server).getHeader("webhook-id")).isEqualTo(messageId.toString());

        for (int failed = 1; failed <= schedule.size(); failed++) {
            JsonNode delivery = awaitAttempts(id, failed);
            assertThat(delivery.get("status").asText()).isEqualTo("PENDING");
            JsonNode last = delivery.get("attemptLog").get(failed - 1);
            assertThat(last.get("statusCode").asInt()).isEqualTo(500);
            assertThat(last.get("responseSnippet").asText()).isEqualTo("database is down " + (failed - 1));
            Instant attemptedAt = Instant.parse(last.get("startedAt").asText());
            Instant due = Instant.parse(delivery.get("nextAttemptAt").asText());
            long base = schedule.get(failed - 1).toMillis();
            assertThat(Duration.between(attemptedAt, due).toMillis()).as("wait after attempt %d", failed)
                    .isBetween((long) (base * 0.9) - 1000, (long) (base * 1.1) + 1000);

            // not before it is due ...
            clock.advanceTo(due.minusMillis(Math.max(1500, base / 20)));
            dispatchNow();
            assertThat(server.getRequestCount()).isEqualTo(failed);
            // ... and then, with the same webhook-id
            clock.advanceTo(due);
            assertThat(take(server).getHeader("webhook-id")).isEqualTo(messageId.toString());
        }
        JsonNode done = awaitAttempts(id, schedule.size() + 1);
        assertThat(done.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(done.get("attemptLog")).extracting(a -> a.get("statusCode").asInt())
                .containsExactly(500, 500, 500, 500, 200);
        assertThat(api.json("GET", "/subscriptions/" + id + "/health", null, 200).get("state").asText())
                .isEqualTo("HEALTHY");
    }

    @Test
    void afterTheLastAttemptADeliveryIsDeadAndCanBeReplayedByHand() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setResponseCode(502);
            }
        });
        String id = api.subscribe(urlOf(server), "offer.responded").get("subscription").get("id").asText();
        UUID messageId = enqueue("offer.responded", Map.of("offer", "taxi", "response", "accepted"));
        for (int attempt = 1; attempt <= 10; attempt++) {
            JsonNode delivery = awaitAttempts(id, attempt);
            if (attempt < 10) {
                clock.advanceTo(Instant.parse(delivery.get("nextAttemptAt").asText()));
                dispatchNow(); // rather than wait for the next poll
            }
        }
        JsonNode dead = api.onlyDelivery(id);
        assertThat(dead.get("status").asText()).isEqualTo("DEAD");
        assertThat(dead.get("attemptLog")).hasSize(10);
        assertThat(server.getRequestCount()).isEqualTo(10);
        assertThat(api.json("GET", "/deliveries?status=DEAD", null, 200).toString()).contains(dead.get("id").asText());

        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setResponseCode(200);
            }
        });
        JsonNode replayed = api.json("POST", "/subscriptions/" + id + "/deliveries/" + dead.get("id").asText()
                + "/replay", null, 202);
        assertThat(replayed.get("status").asText()).isEqualTo("PENDING");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                api.onlyDelivery(id).get("status").asText().equals("SUCCEEDED"));
        for (int i = 0; i < 11; i++) {
            assertThat(server.takeRequest().getHeader("webhook-id")).isEqualTo(messageId.toString());
        }
        assertThat(api.onlyDelivery(id).get("attemptLog")).hasSize(11);
    }

    @Test
    void goneDisablesTheEndpointAndNoticesTheAdmins() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(410));
        String id = api.subscribe(urlOf(server), "customer.erased").get("subscription").get("id").asText();
        enqueue("customer.erased", Map.of("customerId", UUID.randomUUID().toString()));
        take(server);

        await().atMost(Duration.ofSeconds(20)).until(() -> !api.subscription(id).get("enabled").asBoolean());
        JsonNode subscription = api.subscription(id);
        assertThat(subscription.get("disabledReason").asText()).isEqualTo("GONE");
        JsonNode delivery = api.onlyDelivery(id);
        assertThat(delivery.get("status").asText()).isEqualTo("DEAD");
        assertThat(delivery.get("attemptLog").get(0).get("outcome").asText()).isEqualTo("GONE");
        JsonNode notices = api.json("GET", "/notices", null, 200);
        assertThat(notices).hasSize(1);
        assertThat(notices.get(0).get("reason").asText()).isEqualTo("GONE");
        assertThat(notices.get(0).get("subscriptionId").asText()).isEqualTo(id);

        // a disabled subscription gets nothing new
        enqueue("customer.erased", Map.of("customerId", UUID.randomUUID().toString()));
        assertThat(api.deliveries(id)).hasSize(1);
        clock.advance(Duration.ofDays(1));
        dispatchNow();
        assertThat(server.getRequestCount()).isEqualTo(1);
        // replay is refused until it is enabled again
        assertThat(api.call("POST", "/subscriptions/" + id + "/deliveries/" + delivery.get("id").asText()
                + "/replay", null).statusCode()).isEqualTo(409);
    }

    @Test
    void tooManyRequestsWaitsForRetryAfter() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "120"));
        server.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "3600"));
        server.enqueue(new MockResponse().setResponseCode(200));
        String id = api.subscribe(urlOf(server), "task.created").get("subscription").get("id").asText();
        enqueue("task.created", Map.of("taskId", "t-9"));
        take(server);

        JsonNode delivery = awaitAttempts(id, 1);
        Instant attemptedAt = Instant.parse(delivery.get("attemptLog").get(0).get("startedAt").asText());
        Instant due = Instant.parse(delivery.get("nextAttemptAt").asText());
        assertThat(Duration.between(attemptedAt, due).toSeconds()).isBetween(119L, 121L);
        assertThat(delivery.get("attemptLog").get(0).get("outcome").asText()).isEqualTo("THROTTLED");

        clock.advance(Duration.ofSeconds(60)); // later than the schedule's 5 s, sooner than Retry-After
        dispatchNow();
        assertThat(server.getRequestCount()).isEqualTo(1);
        clock.advanceTo(due);
        take(server);

        delivery = awaitAttempts(id, 2);
        due = Instant.parse(delivery.get("nextAttemptAt").asText());
        attemptedAt = Instant.parse(delivery.get("attemptLog").get(1).get("startedAt").asText());
        assertThat(Duration.between(attemptedAt, due).toSeconds()).isBetween(3599L, 3601L);
        clock.advance(Duration.ofMinutes(30));
        dispatchNow();
        assertThat(server.getRequestCount()).isEqualTo(2);
        clock.advanceTo(due);
        take(server);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                api.onlyDelivery(id).get("status").asText().equals("SUCCEEDED"));
    }

    @Test
    void aRestartMidRetryResumesWithoutLossAndSendsNothingTwice() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(500));
        server.enqueue(new MockResponse().setResponseCode(200));
        server.enqueue(new MockResponse().setResponseCode(200));
        String id = api.subscribe(urlOf(server), "fulfilment.requested").get("subscription").get("id").asText();
        UUID messageId = enqueue("fulfilment.requested", Map.of("part", "wiper-blades"));
        take(server);
        JsonNode delivery = awaitAttempts(id, 1);

        // the replica goes down mid-retry: nothing in memory survives
        dispatcher.stop();
        assertThat(dispatcher.isRunning()).isFalse();
        clock.advanceTo(Instant.parse(delivery.get("nextAttemptAt").asText()).plusSeconds(60));
        dispatchNow();
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(api.onlyDelivery(id).get("status").asText()).isEqualTo("PENDING");

        // it comes back and picks the delivery up from the database, same webhook-id
        dispatcher.start();
        assertThat(take(server).getHeader("webhook-id")).isEqualTo(messageId.toString());
        await().atMost(Duration.ofSeconds(20)).until(() ->
                api.onlyDelivery(id).get("status").asText().equals("SUCCEEDED"));
        dispatchNow();
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aDeliveryClaimedByAReplicaThatDiedIsSentWhenItsLeaseEnds() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(200));
        dispatcher.stop();
        String id = api.subscribe(urlOf(server), "journey.step-reached").get("subscription").get("id").asText();
        UUID messageId = enqueue("journey.step-reached", Map.of("step", "offerTaxi"));

        // another replica claims it (lease of 120 s) and dies before sending
        List<UUID> claimed = transactions.execute(status -> dsl.selectFrom(
                        CLAIM_WEBHOOK_DELIVERIES.call(clock.instant(), 1000, 1000, 120))
                .fetch(r -> r.getDeliveryId()));
        assertThat(claimed).contains(UUID.fromString(api.onlyDelivery(id).get("id").asText()));

        dispatcher.start();
        clock.advance(Duration.ofSeconds(60));
        dispatchNow();
        assertThat(server.getRequestCount()).isZero();
        clock.advance(Duration.ofSeconds(61));
        assertThat(take(server).getHeader("webhook-id")).isEqualTo(messageId.toString());
        await().atMost(Duration.ofSeconds(20)).until(() ->
                api.onlyDelivery(id).get("status").asText().equals("SUCCEEDED"));
    }

    @Test
    void oneSlowEndpointDoesNotDelayTheOthersAndHasAtMostTwoInFlight() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    release.await(30, TimeUnit.SECONDS);
                } finally {
                    inFlight.decrementAndGet();
                }
                return new MockResponse().setResponseCode(200);
            }
        });
        MockWebServer fast = startServer();
        extraServers.add(fast);
        fast.enqueue(new MockResponse().setResponseCode(200));
        String slowId = api.subscribe(urlOf(server), "task.completed").get("subscription").get("id").asText();
        try {
            for (int i = 0; i < 5; i++) {
                enqueue("task.completed", Map.of("taskId", "slow-" + i));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> inFlight.get() == 2);

            String fastId = api.subscribe(urlOf(fast), "task.created").get("subscription").get("id").asText();
            enqueue("task.created", Map.of("taskId", "fast"));
            take(fast);
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    api.onlyDelivery(fastId).get("status").asText().equals("SUCCEEDED"));
            assertThat(inFlight.get()).isEqualTo(2);
        } finally {
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode all = api.deliveries(slowId);
            for (JsonNode d : all) {
                if (!d.get("status").asText().equals("SUCCEEDED")) {
                    return false;
                }
            }
            return all.size() == 5;
        });
        assertThat(maxInFlight.get()).isEqualTo(2);
    }

    @Test
    void endpointsFailingForDaysAreDisabledWithANotice() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setResponseCode(500);
            }
        });
        String id = api.subscribe(urlOf(server), "task.created").get("subscription").get("id").asText();
        enqueue("task.created", Map.of("taskId", "a"));
        awaitAttempts(id, 1);
        assertThat(api.json("GET", "/subscriptions/" + id + "/health", null, 200).get("state").asText())
                .isEqualTo("FAILING");

        clock.advance(Duration.ofDays(5).plusMinutes(1));
        enqueue("task.created", Map.of("taskId", "b"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !api.subscription(id).get("enabled").asBoolean());
        assertThat(api.subscription(id).get("disabledReason").asText()).isEqualTo("FAILING");
        JsonNode notices = api.json("GET", "/notices", null, 200);
        assertThat(notices).hasSize(1);
        assertThat(notices.get(0).get("reason").asText()).isEqualTo("FAILING");
        JsonNode health = api.json("GET", "/subscriptions/" + id + "/health", null, 200);
        assertThat(health.get("state").asText()).isEqualTo("DISABLED");
        assertThat(health.get("pending").asInt()).isZero();
        assertThat(health.get("dead").asInt()).isEqualTo(2);

        // enabling it again clears the streak
        api.json("PATCH", "/subscriptions/" + id, Map.of("enabled", true), 200);
        assertThat(api.json("GET", "/subscriptions/" + id + "/health", null, 200).get("state").asText())
                .isEqualTo("HEALTHY");
    }

    @Test
    void aPrivateAddressIsRefusedAtSubscriptionWhenNotAllowlisted() {
        for (String url : List.of("http://10.0.0.7/hook", "http://192.168.1.20/hook",
                "http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/", "http://[::1]:8080/hook",
                "http://100.64.1.1/", "http://[fe80::1]/", "ftp://93.184.215.14/")) {
            var response = api.call("POST", "/subscriptions", Map.of("url", url, "eventTypes", List.of("*")));
            assertThat(response.statusCode()).as(url).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("application/problem+json"));
            assertThat(response.body()).contains("\"field\":\"url\"").contains("/problems/validation");
        }
        var missingTypes = api.call("POST", "/subscriptions", Map.of("url", urlOf(server), "eventTypes", List.of()));
        assertThat(missingTypes.statusCode()).isEqualTo(400);
        assertThat(missingTypes.body()).contains("\"field\":\"eventTypes\"");
        var badType = api.call("POST", "/subscriptions", Map.of("url", urlOf(server),
                "eventTypes", List.of("Task Created")));
        assertThat(badType.body()).contains("\"field\":\"eventTypes[0]\"");
        assertThat(api.json("GET", "/subscriptions", null, 200)).isEmpty();
    }

    @Test
    void aUrlThatTurnsPrivateLaterIsRefusedAtDelivery() throws Exception {
        String id = api.subscribe(urlOf(server), "task.created").get("subscription").get("id").asText();
        // as if DNS now answered with a private address (rebinding): change the stored URL behind the API's back
        transactions.executeWithoutResult(status -> TenantContext.runAs(tenant.tenant(), () ->
                dsl.update(WEBHOOK_SUBSCRIPTION).set(WEBHOOK_SUBSCRIPTION.URL, "http://10.0.0.7:" + server.getPort()
                        + "/hooks").where(WEBHOOK_SUBSCRIPTION.ID.eq(UUID.fromString(id))).execute()));
        enqueue("task.created", Map.of("taskId", "x"));
        JsonNode delivery = awaitAttempts(id, 1);
        JsonNode attempt = delivery.get("attemptLog").get(0);
        assertThat(attempt.get("outcome").asText()).isEqualTo("REFUSED");
        assertThat(attempt.get("error").asText()).contains("non-public address");
        assertThat(delivery.get("status").asText()).isEqualTo("PENDING");
    }

    @Test
    void subscriptionsAreCrudAndAnotherTenantsAreNotFound() {
        JsonNode created = api.subscribe(urlOf(server), "task.created", "task.completed");
        String id = created.get("subscription").get("id").asText();
        JsonNode changed = api.json("PATCH", "/subscriptions/" + id,
                Map.of("eventTypes", List.of("crm.handover"), "description", "CRM", "enabled", false), 200);
        assertThat(changed.get("eventTypes")).extracting(JsonNode::asText).containsExactly("crm.handover");
        assertThat(changed.get("enabled").asBoolean()).isFalse();
        assertThat(changed.get("disabledReason").asText()).isEqualTo("MANUAL");
        assertThat(api.json("GET", "/subscriptions", null, 200)).hasSize(1);
        assertThat(api.json("GET", "/event-types", null, 200).toString()).contains("journey.step-reached");

        TestTenant other = testTenants.create("wh-other", null);
        WebhookApi otherApi = new WebhookApi(new Http(port), other, mapper);
        assertThat(otherApi.call("GET", "/subscriptions/" + id, null).statusCode()).isEqualTo(404);
        assertThat(otherApi.call("DELETE", "/subscriptions/" + id, null).statusCode()).isEqualTo(404);
        assertThat(otherApi.call("GET", "/subscriptions/" + id + "/deliveries", null).statusCode()).isEqualTo(404);
        assertThat(otherApi.json("GET", "/subscriptions", null, 200)).isEmpty();

        assertThat(api.call("DELETE", "/subscriptions/" + id, null).statusCode()).isEqualTo(204);
        assertThat(api.call("GET", "/subscriptions/" + id, null).statusCode()).isEqualTo(404);
    }

    @Test
    void erasingACustomerRemovesDeliveriesAboutThemButKeepsTheErasureNotice() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setResponseCode(500);
            }
        });
        String id = api.subscribe(urlOf(server), "*").get("subscription").get("id").asText();
        UUID customer = UUID.randomUUID();
        enqueue("offer.responded", Map.of("customerId", customer.toString(), "offer", "taxi"));
        enqueue("task.created", Map.of("customerId", UUID.randomUUID().toString(), "taskId", "other"));
        assertThat(api.deliveries(id)).hasSize(2);

        // the webhook module's erasure participant queues customer.erased itself, in the erasing transaction
        transactions.executeWithoutResult(status -> TenantContext.runAs(tenant.tenant(), () ->
                erasureParticipants.forEach(p -> p.erase(customer))));

        JsonNode left = api.deliveries(id);
        assertThat(left).extracting(d -> d.get("eventType").asText())
                .containsExactlyInAnyOrder("task.created", "customer.erased");
        assertThat(left.toString()).doesNotContain("\"offer\":\"taxi\"");
    }

    @Test
    void finishedDeliveriesArePurgedAfterTheRetentionPendingOnesStay() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(200));
        String id = api.subscribe(urlOf(server), "task.created").get("subscription").get("id").asText();
        enqueue("task.created", Map.of("taskId", "old"));
        take(server);
        awaitAttempts(id, 1);

        dispatcher.stop();
        enqueue("task.created", Map.of("taskId", "waiting"));
        clock.advance(Duration.ofDays(31));
        assertThat(dispatcher.purgeExpired()).isGreaterThanOrEqualTo(1);
        JsonNode left = api.deliveries(id);
        assertThat(left).hasSize(1);
        assertThat(left.get(0).get("status").asText()).isEqualTo("PENDING");
    }

    @Test
    void aRolledBackTransactionSendsNothing() throws Exception {
        String id = api.subscribe(urlOf(server), "task.created").get("subscription").get("id").asText();
        transactions.executeWithoutResult(status -> TenantContext.runAs(tenant.tenant(), () -> {
            outbox.enqueue("task.created", Map.of("taskId", "rolled-back"));
            status.setRollbackOnly();
        }));
        clock.advance(Duration.ofMinutes(1));
        dispatchNow();
        assertThat(api.deliveries(id)).isEmpty();
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        MockWebServer elsewhere = startServer();
        extraServers.add(elsewhere);
        elsewhere.enqueue(new MockResponse().setResponseCode(200));
        server.enqueue(new MockResponse().setResponseCode(307).setHeader("Location", urlOf(elsewhere)));
        String id = api.subscribe(urlOf(server), "task.created").get("subscription").get("id").asText();
        enqueue("task.created", Map.of("taskId", "r"));
        take(server);
        JsonNode delivery = awaitAttempts(id, 1);
        assertThat(delivery.get("status").asText()).isEqualTo("PENDING");
        assertThat(delivery.get("attemptLog").get(0).get("statusCode").asInt()).isEqualTo(307);
        assertThat(delivery.get("attemptLog").get(0).get("outcome").asText()).isEqualTo("FAILED");
        assertThat(elsewhere.getRequestCount()).isZero();
    }
}
