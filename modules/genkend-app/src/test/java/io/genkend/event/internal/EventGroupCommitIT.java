package io.genkend.event.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.genkend.customer.CustomerErasedException;
import io.genkend.event.AcceptedEvents;
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
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.genkend.schema.Tables.EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The group commit of the ingest path: a micro-batch answers new, repeated and conflicting keys exactly as single
 * stores do, in one transaction; a batch that cannot be stored as a whole (an erased customer) is stored item by
 * item, so the other items stand; a batch of two tenants keeps each event in its tenant; the batch's event
 * publications (written as one JDBC batch) are the registry's own rows, which the listeners complete; concurrent
 * requests with one key store one event.
 */
@IntegrationTest
class EventGroupCommitIT {

    @Autowired TestTenants testTenants;
    @Autowired EventStore store;
    @Autowired EventWriter writer;
    @Autowired EventParser parser;
    @Autowired DSLContext dsl;
    @Autowired JdbcTemplate jdbc;
    @Autowired AcceptedEvents accepted;
    @Autowired io.genkend.journey.Journeys journeys;
    @LocalServerPort int port;

    TestTenant tenant;

    @BeforeEach
    void setUp() {
        tenant = testTenants.create("group", null);
    }

    private IncomingEvent track(String userId, String messageId, String event) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("type", "track");
        call.put("userId", userId);
        call.put("event", event);
        if (messageId != null) {
            call.put("messageId", messageId);
        }
        call.put("properties", Map.of("n", 1));
        call.put("timestamp", "2026-11-29T10:00:00Z");
        JsonNode node = EventApi.JSON.valueToTree(call);
        return parser.segment(0, node).event();
    }

    private EventStore.Pending pending(IncomingEvent event) {
        return new EventStore.Pending(tenant.tenant(), event);
    }

    private int stored(String dedupKey) {
        return TenantContext.callAs(tenant.tenant(), () -> dsl.fetchCount(EVENT, EVENT.DEDUP_KEY.eq(dedupKey)));
    }

    @Test
    void aBatchAnswersNewRepeatedAndConflictingKeysAsSingleStoresDo() {
        String k1 = "m1-" + UUID.randomUUID();
        String k2 = "m2-" + UUID.randomUUID();
        String k3 = "m3-" + UUID.randomUUID();
        EventStore.Stored first = store.store(tenant.tenant(), track("alice", k1, "Viewed"));

        List<Object> outcomes = store.storeAll(List.of(
                pending(track("bob", k2, "Viewed")),
                pending(track("alice", k1, "Viewed")),          // a repeat of a stored event
                pending(track("alice", k1, "Bought")),          // the stored key with another body
                pending(track("bob", k2, "Viewed")),            // a repeat within the batch
                pending(track("carol", k3, "Viewed")),          // a new customer
                pending(track("carol", null, "Viewed"))));      // no key: never deduplicated

        EventStore.Stored bob = (EventStore.Stored) outcomes.get(0);
        assertThat(bob.duplicate()).isFalse();
        assertThat((EventStore.Stored) outcomes.get(1)).satisfies(s -> {
            assertThat(s.duplicate()).isTrue();
            assertThat(s.id()).isEqualTo(first.id());
        });
        assertThat(outcomes.get(2)).isInstanceOfSatisfying(EventStore.ConflictingDuplicate.class,
                c -> assertThat(c.originalId).isEqualTo(first.id()));
        assertThat((EventStore.Stored) outcomes.get(3)).satisfies(s -> {
            assertThat(s.duplicate()).isTrue();
            assertThat(s.id()).isEqualTo(bob.id());
        });
        assertThat(((EventStore.Stored) outcomes.get(4)).duplicate()).isFalse();
        assertThat(((EventStore.Stored) outcomes.get(5)).duplicate()).isFalse();

        assertThat(stored("segment:" + k1)).isEqualTo(1);
        assertThat(stored("segment:" + k2)).isEqualTo(1);
        assertThat(stored("segment:" + k3)).isEqualTo(1);
        assertThat(accepted.count(bob.id())).isEqualTo(1);
        assertThat(accepted.count(((EventStore.Stored) outcomes.get(4)).id())).isEqualTo(1);
        // carol's two events belong to one new profile
        UUID carol = TenantContext.callAs(tenant.tenant(), () -> dsl.select(EVENT.CUSTOMER_ID).from(EVENT)
                .where(EVENT.ID.eq(((EventStore.Stored) outcomes.get(4)).id())).fetchOne(EVENT.CUSTOMER_ID));
        assertThat(accepted.get(((EventStore.Stored) outcomes.get(5)).id()).customerId()).isEqualTo(carol);
    }

    @Test
    void aBatchOfTwoTenantsStoresEachEventUnderItsTenant() {
        TestTenant other = testTenants.create("group-other", null);
        String mine = "t1-" + UUID.randomUUID();
        String theirs = "t2-" + UUID.randomUUID();
        List<Object> outcomes = store.storeAll(List.of(pending(track("ivy", mine, "Viewed")),
                new EventStore.Pending(other.tenant(), track("ivy", theirs, "Viewed")),
                pending(track("ivy", theirs, "Viewed"))));
        assertThat(outcomes).allSatisfy(o -> assertThat(((EventStore.Stored) o).duplicate()).isFalse());
        assertThat(stored("segment:" + mine)).isEqualTo(1);
        assertThat(stored("segment:" + theirs)).isEqualTo(1);
        assertThat(TenantContext.callAs(other.tenant(),
                () -> dsl.fetchCount(EVENT, EVENT.DEDUP_KEY.eq("segment:" + theirs)))).isEqualTo(1);
        // the same userId is two customers, one per tenant
        assertThat(accepted.get(((EventStore.Stored) outcomes.get(1)).id()).customerId())
                .isNotEqualTo(accepted.get(((EventStore.Stored) outcomes.get(0)).id()).customerId());
        assertThat(accepted.get(((EventStore.Stored) outcomes.get(1)).id()).tenant()).isEqualTo(other.tenant());
    }

    @Test
    void aBatchWithAnErasedCustomerIsStoredItemByItemAndTheOthersStand() throws Exception {
        EventApi api = new EventApi(new Http(port), tenant.apiKey().secret());
        assertThat(api.post(EventApi.write(Map.of("type", "track", "userId", "gone", "event", "Hello")))
                .statusCode()).isEqualTo(202);
        assertThat(api.delete("/api/v1/customers/gone").statusCode()).isEqualTo(204);

        String ok1 = "ok1-" + UUID.randomUUID();
        String ok2 = "ok2-" + UUID.randomUUID();
        List<EventStore.Pending> batch = List.of(pending(track("dave", ok1, "Viewed")),
                pending(track("gone", "gone-" + UUID.randomUUID(), "Viewed")),
                pending(track("erin", ok2, "Viewed")));
        assertThatThrownBy(() -> store.storeAll(batch)).isInstanceOf(CustomerErasedException.class);
        assertThat(stored("segment:" + ok1)).isZero();

        List<CompletableFuture<EventStore.Stored>> results = new ArrayList<>();
        for (EventStore.Pending item : batch) {
            results.add(writer.submit(item.tenant(), item.event()));
        }
        assertThat(results.get(0).get().duplicate()).isFalse();
        assertThatThrownBy(() -> results.get(1).get()).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(CustomerErasedException.class);
        assertThat(results.get(2).get().duplicate()).isFalse();
        assertThat(stored("segment:" + ok1)).isEqualTo(1);
        assertThat(stored("segment:" + ok2)).isEqualTo(1);
    }

    @Test
    void theBatchsPublicationsAreTheRegistrysRowsAndTheListenersCompleteThem() {
        // a journey that starts on "Viewed", so that the journey module's listener wants these events
        TenantContext.runAs(tenant.tenant(), () -> journeys.deploy("viewed.bpmn",
                io.genkend.journey.TestModels.waitingJourney("viewed", "Viewed", "any-time", "")));
        EventStore.Stored single = store.store(tenant.tenant(), track("frank", "s-" + UUID.randomUUID(), "Viewed"));
        List<Object> outcomes = store.storeAll(List.of(pending(track("frank", "b1-" + UUID.randomUUID(), "Viewed")),
                pending(track("gina", "b2-" + UUID.randomUUID(), "Viewed"))));
        List<UUID> ids = new ArrayList<>(List.of(single.id()));
        outcomes.forEach(o -> ids.add(((EventStore.Stored) o).id()));
        for (UUID id : ids) {
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                    "select count(*) from event_publication where completion_date is null and serialized_event like ?",
                    Integer.class, "%" + id + "%") == 0);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (UUID id : ids) {
            rows.add(jdbc.queryForMap("select count(*) as listeners, min(event_type) as type, "
                    + "bool_and(completion_date is not null) as completed from event_publication "
                    + "where serialized_event like ?", "%" + id + "%"));
        }
        // the batch's rows look like the single store's: as many listeners, the same type, all completed
        assertThat(((Number) rows.get(0).get("listeners")).intValue()).isPositive();
        for (Map<String, Object> row : rows) {
            assertThat(row).isEqualTo(rows.get(0));
            assertThat(row.get("completed")).isEqualTo(true);
        }
    }

    @Test
    void concurrentRequestsWithOneKeyStoreOneEvent() throws Exception {
        EventApi api = new EventApi(new Http(port), tenant.apiKey().secret());
        String messageId = "same-" + UUID.randomUUID();
        String body = EventApi.write(Map.of("type", "track", "userId", "hank", "event", "Clicked",
                "messageId", messageId));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<java.net.http.HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                answers.add(pool.submit(() -> api.post(body)));
            }
            List<String> ids = new ArrayList<>();
            for (Future<java.net.http.HttpResponse<String>> answer : answers) {
                assertThat(answer.get().statusCode()).isEqualTo(202);
                ids.add(EventApi.read(answer.get().body()).get("id").asText());
            }
            assertThat(ids).containsOnly(ids.get(0));
        } finally {
            pool.shutdown();
        }
        assertThat(stored("segment:" + messageId)).isEqualTo(1);
    }
}
