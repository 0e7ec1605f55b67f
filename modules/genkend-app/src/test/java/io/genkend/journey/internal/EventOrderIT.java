package io.genkend.journey.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.genkend.event.EventApi;
import io.genkend.journey.Journeys;
import io.genkend.journey.TestModels;
import io.genkend.support.Http;
import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.support.TestTenants.TestTenant;
import io.genkend.tenancy.TenantContext;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.genkend.schema.Tables.EVENT;
import static io.genkend.schema.Tables.JOURNEY_PENDING_MESSAGE;
import static io.genkend.schema.Tables.JOURNEY_PROCESSED_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Order per customer: events of one customer accepted in one batch reach the journeys in the batch's order even
 * when the delivery of the later one runs first. The race is made deterministic: the events are accepted over
 * HTTP before any journey of the tenant listens to them (so no asynchronous delivery runs), the journey is
 * deployed, and the test hands the deliveries to {@link JourneyTriggers} itself, the later event first.
 */
@IntegrationTest
class EventOrderIT {

    @Autowired TestTenants testTenants;
    @Autowired JourneyTriggers triggers;
    @Autowired Journeys journeys;
    @Autowired RuntimeService runtime;
    @Autowired HistoryService history;
    @Autowired DSLContext dsl;
    @LocalServerPort int port;

    TestTenant tenant;
    EventApi api;

    @BeforeEach
    void setUp() {
        tenant = testTenants.create("order", null);
        api = new EventApi(new Http(port), tenant.apiKey().secret());
    }

    /** A stored event as its {@code EventAccepted} carried it. */
    private record Stored(UUID id, UUID customerId, String name, Map<String, Object> properties) {
    }

    /** Accepts the events in one Segment batch for one vehicle and returns them in their accepting order. */
    private List<Stored> acceptBatch(String vehicle, List<Map.Entry<String, Map<String, Object>>> events) {
        List<Map<String, Object>> calls = new ArrayList<>();
        Map<String, Map<String, Object>> propertiesByKey = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> event : events) {
            Map<String, Object> call = new LinkedHashMap<>();
            String messageId = UUID.randomUUID().toString();
            propertiesByKey.put("segment:" + messageId, event.getValue());
            call.put("type", "track");
            call.put("userId", vehicle);
            call.put("event", event.getKey());
            call.put("messageId", messageId);
            call.put("properties", event.getValue());
            calls.add(call);
        }
        HttpResponse<String> answer = api.post(EventApi.write(Map.of("batch", calls)));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        JsonNode body = EventApi.read(answer.body());
        assertThat(body.get("accepted").asInt()).isEqualTo(events.size());
        List<Stored> stored = TenantContext.callAs(tenant.tenant(), () -> dsl
                .select(EVENT.ID, EVENT.CUSTOMER_ID, EVENT.NAME, EVENT.DEDUP_KEY).from(EVENT).orderBy(EVENT.SEQ)
                .fetch(r -> new Stored(r.value1(), r.value2(), r.value3(), propertiesByKey.get(r.value4()))));
        assertThat(stored).extracting(Stored::properties).as("stored in the batch's order")
                .containsExactlyElementsOf(propertiesByKey.values());
        return stored;
    }

    private void deploy(String key, byte[] model) {
        TenantContext.runAs(tenant.tenant(), () -> journeys.deploy(key + ".bpmn", model));
    }

    /** Hands one event to the journeys as the listener does for its {@code EventAccepted}. */
    private boolean deliver(Stored event) {
        return TenantContext.callAs(tenant.tenant(), () -> triggers.onEvent(tenant.tenant(), event.id(),
                event.customerId(), event.name(), event.properties(), Instant.now()));
    }

    private boolean processed(Stored event) {
        return TenantContext.callAs(tenant.tenant(), () -> dsl.fetchExists(JOURNEY_PROCESSED_EVENT,
                JOURNEY_PROCESSED_EVENT.EVENT_ID.eq(event.id())));
    }

    @Test
    void theFirstBookingOfABatchStartsTheJourneyEvenWhenTheSecondIsDeliveredFirst() {
        List<Stored> accepted = acceptBatch("WX-" + UUID.randomUUID(), List.of(
                Map.entry("repair.booked", Map.of("booking", "first")),
                Map.entry("vehicle.washed", Map.of()),
                Map.entry("repair.booked", Map.of("booking", "second"))));
        Stored first = accepted.get(0);
        Stored washed = accepted.get(1);
        Stored second = accepted.get(2);
        assertThat(accepted).extracting(Stored::name)
                .containsExactly("repair.booked", "vehicle.washed", "repair.booked");
        deploy("orderFirst", TestModels.waitingJourney("orderFirst", "repair.booked", "reentry-after-exit", ""));

        assertThat(deliver(second)).as("the later event is handled now, after the earlier one").isTrue();
        assertThat(deliver(first)).as("the earlier event's own delivery finds it fed").isFalse();

        String slug = tenant.tenant().camundaTenantId();
        List<ProcessInstance> running = runtime.createProcessInstanceQuery().tenantIdIn(slug)
                .processDefinitionKey("orderFirst").processInstanceBusinessKey(first.customerId().toString()).list();
        assertThat(running).hasSize(1);
        assertThat(runtime.getVariable(running.get(0).getId(), "eventId")).isEqualTo(first.id().toString());
        assertThat(runtime.getVariable(running.get(0).getId(), "booking"))
                .as("its properties, read back from the stored event").isEqualTo("first");
        assertThat(processed(first)).isTrue();
        assertThat(processed(second)).isTrue();
        assertThat(processed(washed)).as("a name no journey listens to is not fed").isFalse();

        // redelivered (as after a crash): nothing changes
        assertThat(deliver(second)).isFalse();
        assertThat(deliver(first)).isFalse();
        assertThat(history.createHistoricProcessInstanceQuery().tenantIdIn(slug).processDefinitionKey("orderFirst")
                .processInstanceBusinessKey(first.customerId().toString()).count()).isEqualTo(1);
    }

    @Test
    void aCompletionInTheBookingsBatchReachesTheInstanceTheBookingStarted() {
        List<Stored> accepted = acceptBatch("WX-" + UUID.randomUUID(), List.of(
                Map.entry("repair.booked", Map.of("booking", "b-1")),
                Map.entry("repair.completed", Map.of("booking", "b-1"))));
        Stored booked = accepted.get(0);
        Stored completed = accepted.get(1);
        deploy("orderCatch", TestModels.catchingJourney("orderCatch", "repair.booked", "repair.completed"));

        assertThat(deliver(completed)).isTrue();

        String slug = tenant.tenant().camundaTenantId();
        List<HistoricProcessInstance> instances = history.createHistoricProcessInstanceQuery().tenantIdIn(slug)
                .processDefinitionKey("orderCatch").processInstanceBusinessKey(booked.customerId().toString())
                .list();
        assertThat(instances).as("the booking started the instance first").hasSize(1);
        assertThat(instances.get(0).getEndTime()).as("and the completion moved its wait at once").isNotNull();
        assertThat(TenantContext.callAs(tenant.tenant(), () -> dsl.fetchCount(JOURNEY_PENDING_MESSAGE,
                JOURNEY_PENDING_MESSAGE.CUSTOMER_ID.eq(booked.customerId())))).as("nothing kept").isZero();

        assertThat(deliver(booked)).isFalse();
        assertThat(deliver(completed)).isFalse();
        assertThat(history.createHistoricProcessInstanceQuery().tenantIdIn(slug).processDefinitionKey("orderCatch")
                .processInstanceBusinessKey(booked.customerId().toString()).count()).isEqualTo(1);
    }

    @Test
    void bookingsAndCompletionsOfOneBatchKeepTheirOrderThroughTheAsynchronousListener() {
        deploy("orderLive", TestModels.catchingJourney("orderLive", "repair.booked", "repair.completed"));
        List<Map.Entry<String, Map<String, Object>>> visits = new ArrayList<>();
        for (int visit = 1; visit <= 4; visit++) {
            visits.add(Map.entry("repair.booked", Map.of("visit", visit)));
            visits.add(Map.entry("repair.completed", Map.of("visit", visit, "done", true)));
        }
        // the real path: every event's delivery is its own task on the executor, in whatever order they run
        List<Stored> accepted = acceptBatch("WX-" + UUID.randomUUID(), visits);
        await().atMost(Duration.ofSeconds(30)).until(() -> accepted.stream().allMatch(this::processed));

        String slug = tenant.tenant().camundaTenantId();
        List<HistoricProcessInstance> instances = history.createHistoricProcessInstanceQuery().tenantIdIn(slug)
                .processDefinitionKey("orderLive").processInstanceBusinessKey(accepted.get(0).customerId().toString())
                .list();
        assertThat(instances).as("each booking started an instance, each completion ended it").hasSize(4)
                .allSatisfy(i -> assertThat(i.getEndTime()).isNotNull());
        assertThat(TenantContext.callAs(tenant.tenant(), () -> dsl.fetchCount(JOURNEY_PENDING_MESSAGE,
                JOURNEY_PENDING_MESSAGE.CUSTOMER_ID.eq(accepted.get(0).customerId())))).isZero();
    }

    @Test
    void anEventWithoutEarlierOnesAndAJourneyEmittedOneAreFedAsBefore() {
        List<Stored> accepted = acceptBatch("WX-" + UUID.randomUUID(), List.of(
                Map.entry("repair.booked", Map.of("booking", "only"))));
        deploy("orderAlone", TestModels.waitingJourney("orderAlone", "repair.booked", "any-time", ""));
        Stored only = accepted.get(0);
        assertThat(deliver(only)).isTrue();
        // an event raised by a journey is in no event table: it is fed alone
        Stored emitted = new Stored(UUID.randomUUID(), only.customerId(), "repair.booked", Map.of());
        assertThat(deliver(emitted)).isTrue();
        assertThat(runtime.createProcessInstanceQuery().tenantIdIn(tenant.tenant().camundaTenantId())
                .processDefinitionKey("orderAlone").processInstanceBusinessKey(only.customerId().toString()).count())
                .isEqualTo(2);
    }
}
